namespace StreamAgg.Sink.Consuming;

/// <summary>What every sink's consume loop needs to know, taken from the sink's own options.</summary>
/// <param name="Topic">The topic consumed.</param>
/// <param name="GroupId">The consumer group (it only shares out partitions and shows lag).</param>
/// <param name="ConsumerName">The name positions are stored under in <c>sink_offsets</c>.</param>
/// <param name="Messages">What the messages are called in log lines ("engagement messages", "heatmap deltas").</param>
/// <param name="MaxBatchDelay">A batch is stored once its first message is this old.</param>
/// <param name="CommitToKafka">Also commit stored positions to the consumer group.</param>
/// <param name="RetryInitialDelay">First wait after a failed PostgreSQL write.</param>
/// <param name="RetryMaxDelay">Longest wait between retries.</param>
/// <param name="SessionTimeout">The consumer group session timeout: how long a dead sink keeps its partitions.</param>
internal sealed record SinkConsumerOptions(
    string Topic,
    string GroupId,
    string ConsumerName,
    string Messages,
    TimeSpan MaxBatchDelay,
    bool CommitToKafka,
    TimeSpan RetryInitialDelay,
    TimeSpan RetryMaxDelay,
    TimeSpan SessionTimeout)
{
    /// <summary>A batch is also stored once no message has arrived for this long; null: never for that reason.</summary>
    public TimeSpan? MaxBatchIdle { get; init; }
}
