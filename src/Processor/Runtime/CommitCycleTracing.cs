using System.Diagnostics;
using System.Text;
using StreamAgg.Processor.Observability;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// The commit cycle's span: it starts with the cycle's first record and ends with its commit or
/// abort. Every record the cycle sends carries its <see cref="TraceParent"/>. It is not made
/// current: rebalances and restorations inside the cycle are traces of their own.
/// </summary>
internal sealed class CommitCycleTracing
{
    private Activity? _cycle;

    /// <summary>The W3C traceparent of the open cycle, as header bytes; null when none is traced.</summary>
    public byte[]? TraceParent { get; private set; }

    public void Begin()
    {
        if (_cycle is not null || !ProcessorTracing.Source.HasListeners())
        {
            return;
        }

        var parent = Activity.Current;
        _cycle = ProcessorTracing.Source.StartActivity("commit cycle", ActivityKind.Producer, parentContext: default);
        Activity.Current = parent;
        if (_cycle is { Id: { } id } && _cycle.IdFormat == ActivityIdFormat.W3C)
        {
            TraceParent = Encoding.ASCII.GetBytes(id);
        }
    }

    public void TagAbortCause(AbortCause cause) => _cycle?.SetTag("streamagg.abort.cause", AbortCauses.Name(cause));

    public void End(ActivityStatusCode status, int partitions)
    {
        if (_cycle is null)
        {
            return;
        }

        _cycle.SetTag("streamagg.commit.partitions", partitions);
        _cycle.SetStatus(status);
        _cycle.Dispose();
        _cycle = null;
        TraceParent = null;
    }
}
