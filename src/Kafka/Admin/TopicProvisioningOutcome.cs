using StreamAgg.Kafka.Topics;

namespace StreamAgg.Kafka.Admin;

/// <summary>The provisioning result for one topic of the catalog.</summary>
/// <param name="Topic">The catalog's spec.</param>
/// <param name="Action">What was done or would be done.</param>
/// <param name="Partitions">The partition count on the cluster, or to be created.</param>
/// <param name="ReplicationFactor">The replication factor created with (it can be below the spec's on a small cluster), or null when the topic existed.</param>
/// <param name="Configs">The configs created with (min.insync.replicas can be below the spec's on a small cluster), or null when the topic existed.</param>
public sealed record TopicProvisioningOutcome(
    TopicSpec Topic,
    TopicProvisioningAction Action,
    int Partitions,
    short? ReplicationFactor,
    IReadOnlyDictionary<string, string>? Configs = null)
{
    /// <summary>One readable line, e.g. "create  player-events  8 partitions, replication 3".</summary>
    public override string ToString() => Action switch
    {
        TopicProvisioningAction.Created => $"created          {Topic.Name}: {Partitions} partitions, replication {ReplicationFactor}",
        TopicProvisioningAction.WouldCreate => $"would create     {Topic.Name}: {Partitions} partitions, replication {ReplicationFactor}, {FormatConfigs()}",
        TopicProvisioningAction.Exists => $"exists           {Topic.Name}: {Partitions} partitions",
        _ => $"exists, MISMATCH {Topic.Name}: {Partitions} partitions on the cluster, {Topic.Partitions} in the catalog",
    };

    private string FormatConfigs()
    {
        var configs = Configs ?? Topic.Configs;
        return configs.Count == 0 ? "no configs" : string.Join(", ", configs.Select(c => $"{c.Key}={c.Value}"));
    }
}
