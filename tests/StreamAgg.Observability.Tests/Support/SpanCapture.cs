using System.Diagnostics;

namespace StreamAgg.Observability.Tests.Support;

/// <summary>Records every finished span of the given sources (process-wide: assert on what this test made, by trace ids).</summary>
internal sealed class SpanCapture : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<Activity> _spans = [];

    public SpanCapture(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_spans)
                {
                    _spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public List<Activity> Named(string name)
    {
        lock (_spans)
        {
            return _spans.Where(s => s.DisplayName == name).ToList();
        }
    }

    public void Dispose() => _listener.Dispose();
}
