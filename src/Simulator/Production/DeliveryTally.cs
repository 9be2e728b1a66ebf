using Confluent.Kafka;

namespace StreamAgg.Simulator.Production;

/// <summary>
/// Counts delivery reports, which arrive on the producer's poll thread: every message ends up
/// either delivered or counted as an error with its reason kept.
/// </summary>
internal sealed class DeliveryTally
{
    private long _delivered;
    private long _failed;
    private volatile string? _lastError;
    private volatile bool _fatal;

    public DeliveryTally() => OnDelivery = Record;

    /// <summary>The handler to pass to Produce (one delegate, allocated once).</summary>
    public Action<DeliveryReport<byte[], byte[]>> OnDelivery { get; }

    public long Delivered => Interlocked.Read(ref _delivered);
    public long Failed => Interlocked.Read(ref _failed);
    public string? LastError => _lastError;

    /// <summary>The producer reported an error it cannot recover from; sending more is pointless.</summary>
    public bool Fatal => _fatal;

    public void Fail(Error error)
    {
        Interlocked.Increment(ref _failed);
        _lastError = error.ToString();
        if (error.IsFatal)
            _fatal = true;
    }

    private void Record(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
            Fail(report.Error);
        else
            Interlocked.Increment(ref _delivered);
    }
}
