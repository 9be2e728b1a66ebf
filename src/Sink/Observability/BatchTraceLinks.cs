using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StreamAgg.Wire;

namespace StreamAgg.Sink.Observability;

/// <summary>
/// The distinct trace contexts (processor commit cycles) of one batch's messages, as span links.
/// Consecutive messages mostly share a cycle, so a header equal to the previous one costs a
/// byte comparison; only a new one is parsed. Nothing is read while no one listens to the spans.
/// </summary>
internal sealed class BatchTraceLinks
{
    // A batch can span many cycles; past this many the span keeps the first ones.
    private const int MaxLinks = 32;

    private readonly List<ActivityLink> _links = [];
    private byte[]? _last;

    public IReadOnlyList<ActivityLink> Links => _links;

    public void Add(Headers? headers)
    {
        if (headers is null || _links.Count >= MaxLinks || !SinkTracing.Source.HasListeners()
            || !headers.TryGetLastBytes(MessageHeaders.TraceParent, out var traceParent))
        {
            return;
        }

        if (_last is not null && traceParent.AsSpan().SequenceEqual(_last))
        {
            return;
        }

        _last = traceParent;
        if (ActivityContext.TryParse(Encoding.ASCII.GetString(traceParent), null, out var context)
            && !_links.Exists(l => l.Context == context))
        {
            _links.Add(new ActivityLink(context));
        }
    }

    public void Clear()
    {
        _links.Clear();
        _last = null;
    }
}
