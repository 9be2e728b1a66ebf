namespace StreamAgg.Kafka.Admin;

/// <summary>What provisioning did, or would do in a dry run, for one topic.</summary>
public enum TopicProvisioningAction
{
    /// <summary>The topic did not exist and was created.</summary>
    Created,

    /// <summary>Dry run: the topic does not exist and would be created.</summary>
    WouldCreate,

    /// <summary>The topic exists with the catalog's partition count; nothing to do.</summary>
    Exists,

    /// <summary>
    /// The topic exists with another partition count. It is left alone: adding partitions moves
    /// keys and breaks co-partitioning, so an operator decides.
    /// </summary>
    ExistsWithOtherPartitionCount,
}
