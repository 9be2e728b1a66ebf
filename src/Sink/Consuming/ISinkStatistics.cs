namespace StreamAgg.Sink.Consuming;

/// <summary>The counters a sink's consume loop keeps in the sink's public statistics.</summary>
/// <typeparam name="TBatch">The sink's batch.</typeparam>
internal interface ISinkStatistics<in TBatch>
{
    /// <summary>Counts a committed transaction.</summary>
    void BatchStored(TBatch batch, int rows);

    /// <summary>Counts a message stored as a dead letter.</summary>
    void DeadLettered();

    /// <summary>Counts a failed write attempt that will be retried.</summary>
    void WriteFailed();
}
