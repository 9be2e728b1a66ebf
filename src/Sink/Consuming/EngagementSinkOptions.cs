using StreamAgg.Sink.Writing;
using StreamAgg.Wire;

namespace StreamAgg.Sink.Consuming;

/// <summary>How the engagement sink consumes and batches.</summary>
public sealed record EngagementSinkOptions
{
    /// <summary>The topic of engagement rows.</summary>
    public string Topic { get; init; } = TopicNames.Engagement;

    /// <summary>
    /// The Kafka consumer group: it only shares out partitions (and, with <see cref="CommitToKafka"/>,
    /// shows lag); where to resume is read from PostgreSQL.
    /// </summary>
    public string GroupId { get; init; } = "streamagg-engagement-sink";

    /// <summary>The name this sink's positions are stored under in <c>sink_offsets</c>.</summary>
    public string ConsumerName { get; init; } = EngagementRowWriter.DefaultConsumer;

    /// <summary>A batch is stored once it holds this many messages…</summary>
    public int MaxBatchRows { get; init; } = 5_000;

    /// <summary>…or once its first message is this old…</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// …or once no message has arrived for this long (the sink has read what there was), so that
    /// rows wait for PostgreSQL only as long as more of them keep coming. Null: only
    /// <see cref="MaxBatchRows"/> and <see cref="MaxBatchDelay"/> end a batch.
    /// </summary>
    public TimeSpan? MaxBatchIdle { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Also commit the stored positions to the consumer group, for lag monitoring.</summary>
    public bool CommitToKafka { get; init; } = true;

    /// <summary>The consumer group session timeout: how long a dead sink keeps its partitions.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait after a failed PostgreSQL write; doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between retries of a failed PostgreSQL write.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);
}
