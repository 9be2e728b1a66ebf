using StreamAgg.Sink.Writing;

namespace StreamAgg.Sink.Consuming;

/// <summary>Counters of a running sink, safe to read from any thread.</summary>
public sealed class EngagementSinkStatistics : ISinkStatistics<EngagementBatch>
{
    private long _messagesStored;
    private long _batchesStored;
    private long _deadLetters;
    private long _writeFailures;

    /// <summary>Messages (rows, tombstones, dead letters) stored in PostgreSQL.</summary>
    public long MessagesStored => Interlocked.Read(ref _messagesStored);

    /// <summary>Transactions committed.</summary>
    public long BatchesStored => Interlocked.Read(ref _batchesStored);

    /// <summary>Messages stored in <c>sink_dead_letters</c> instead of <c>engagement</c>.</summary>
    public long DeadLetters => Interlocked.Read(ref _deadLetters);

    /// <summary>Failed write attempts that were retried.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    void ISinkStatistics<EngagementBatch>.BatchStored(EngagementBatch batch, int rows)
    {
        Interlocked.Add(ref _messagesStored, batch.Count);
        Interlocked.Increment(ref _batchesStored);
    }

    void ISinkStatistics<EngagementBatch>.DeadLettered() => Interlocked.Increment(ref _deadLetters);

    void ISinkStatistics<EngagementBatch>.WriteFailed() => Interlocked.Increment(ref _writeFailures);
}
