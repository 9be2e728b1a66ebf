namespace StreamAgg.Web.Dashboard.Live;

/// <summary>
/// Events per second on <c>player-events</c>, from samples of the sum of its partitions' high
/// watermarks: each record takes one offset (ingest's producer is idempotent, not transactional,
/// so no transaction markers take offsets), so the sum grows by the records produced.
/// </summary>
internal sealed class IngestRate
{
    /// <summary>The rate is measured over the newest samples spanning about this long.</summary>
    public static readonly TimeSpan Span = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Queue<(DateTimeOffset At, long Total)> _samples = new();
    private string? _unavailable = "Kafka has not been read yet.";

    /// <summary>Adds a reading of the summed high watermarks.</summary>
    public void Add(DateTimeOffset at, long totalOffsets)
    {
        lock (_lock)
        {
            _samples.Enqueue((at, totalOffsets));
            while (_samples.Count > 2 && _samples.Peek().At < at - Span)
                _samples.Dequeue();
            _unavailable = null;
        }
    }

    /// <summary>Kafka could not be read: the rate is unknown until it can.</summary>
    public void Unavailable(string why)
    {
        lock (_lock)
        {
            _samples.Clear();
            _unavailable = why;
        }
    }

    public Api.IngestRateReading Read()
    {
        lock (_lock)
        {
            if (_samples.Count == 0)
                return new(null, null, null, null, _unavailable);
            var (firstAt, firstTotal) = _samples.Peek();
            var (lastAt, lastTotal) = _samples.Last();
            var seconds = (lastAt - firstAt).TotalSeconds;
            // A watermark never moves back; if the topic was recreated it can, and then "0 /s" is
            // more honest than a negative rate.
            double? rate = seconds > 0 ? Math.Max(0, lastTotal - firstTotal) / seconds : null;
            return new(rate is { } r ? Math.Round(r, 1) : null, seconds > 0 ? Math.Round(seconds, 1) : null, lastTotal, lastAt, null);
        }
    }
}
