using Confluent.Kafka;
using StreamAgg.Kafka.Native;

namespace StreamAgg.Kafka.Clients;

/// <summary>
/// Where Kafka is and how StreamAgg's clients talk to it. Every builder returns a fresh config
/// with the house defaults, which the caller may still change.
/// </summary>
public sealed record KafkaClientSettings
{
    private static int _consumerCount;

    /// <summary>Creates settings for the cluster at <paramref name="bootstrapServers"/> (host:port[,host:port...]).</summary>
    public KafkaClientSettings(string bootstrapServers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        // Every client is built from these settings: binding Confluent.Kafka to the one
        // librdkafka file here fails fast, before a client could bind to another.
        LibRdKafkaLibrary.EnsureLoaded();
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The bootstrap.servers list.</summary>
    public string BootstrapServers { get; }

    /// <summary>
    /// A producer that loses nothing and writes nothing twice on retry: acks=all, idempotence,
    /// LZ4 batches lingering 5 ms.
    /// </summary>
    public ProducerConfig Producer(string clientId) => new()
    {
        BootstrapServers = BootstrapServers,
        ClientId = clientId,
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = 5,
        CompressionType = CompressionType.Lz4,
    };

    /// <summary>
    /// A transactional producer (<see cref="Producer"/> plus a transactional.id): output, changelog
    /// writes and input offsets commit or abort together. One transactional.id per task, stable
    /// across restarts, so a restarted task fences its previous incarnation.
    /// </summary>
    public ProducerConfig TransactionalProducer(string clientId, string transactionalId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionalId);
        var config = Producer(clientId);
        config.TransactionalId = transactionalId;
        config.TransactionTimeoutMs = 60_000;
        return config;
    }

    /// <summary>
    /// A group consumer with cooperative-sticky assignment (a rebalance moves only the partitions
    /// that change owner), starting at the earliest offset when the group has none, with a 10 s
    /// session timeout: a dead member is noticed sooner than with the 45 s default, and the
    /// embedded cluster, which holds every rebalance for the session timeout minus 1 s, settles faster.
    /// </summary>
    /// <param name="groupId">The consumer group.</param>
    /// <param name="clientId">
    /// The client id; defaults to the group id plus the process id and a counter. Members of one group
    /// should not share a client id: librdkafka's sticky assignor can loop forever on equal ids
    /// (librdkafka issue 4783).
    /// </param>
    /// <param name="readCommitted">
    /// True (the default) for downstream readers of transactional output: records of aborted or open
    /// transactions stay invisible.
    /// </param>
    /// <param name="autoCommit">
    /// False (the default) when offsets are committed by the caller, in a transaction or after the
    /// work is durable; true lets librdkafka commit the offsets of consumed records every 5 s.
    /// </param>
    public ConsumerConfig Consumer(string groupId, string? clientId = null, bool readCommitted = true, bool autoCommit = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        return new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = groupId,
            ClientId = clientId ?? $"{groupId}-{Environment.ProcessId}-{Interlocked.Increment(ref _consumerCount)}",
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = readCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
            EnableAutoCommit = autoCommit,
            EnableAutoOffsetStore = autoCommit,
            SessionTimeoutMs = 10_000,
        };
    }

    /// <summary>An admin client config, for metadata and topic creation.</summary>
    public AdminClientConfig Admin(string clientId = "streamagg-admin") => new()
    {
        BootstrapServers = BootstrapServers,
        ClientId = clientId,
    };
}
