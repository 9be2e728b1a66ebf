namespace StreamAgg.Kafka.Topics;

/// <summary>One topic of the catalog: what a cluster must hold for StreamAgg to run.</summary>
/// <param name="Name">The Kafka topic name.</param>
/// <param name="Partitions">The partition count.</param>
/// <param name="ReplicationFactor">Replicas per partition wanted on a real cluster.</param>
/// <param name="Configs">Topic configs (cleanup.policy, retention.ms, ...), passed to CreateTopics unchanged.</param>
/// <param name="CoPartitionedWith">A topic that must have the same partition count, or null.</param>
public sealed record TopicSpec(
    string Name,
    int Partitions,
    short ReplicationFactor,
    IReadOnlyDictionary<string, string> Configs,
    string? CoPartitionedWith = null)
{
    /// <summary>The config key that selects compaction or deletion.</summary>
    public const string CleanupPolicyConfig = "cleanup.policy";

    /// <summary>The config key for the replicas an acks=all write must reach.</summary>
    public const string MinInsyncReplicasConfig = "min.insync.replicas";

    /// <summary>True when the topic keeps the newest value per key (cleanup.policy contains compact).</summary>
    public bool IsCompacted =>
        Configs.TryGetValue(CleanupPolicyConfig, out var policy)
        && policy.Split(',', StringSplitOptions.TrimEntries).Contains("compact", StringComparer.Ordinal);
}
