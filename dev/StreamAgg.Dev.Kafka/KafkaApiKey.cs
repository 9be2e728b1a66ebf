namespace StreamAgg.Dev.Kafka;

/// <summary>
/// Kafka protocol request types (the ApiKey of the request header), for
/// <see cref="EmbeddedKafkaCluster.PushRequestErrors"/>. Values are the protocol's.
/// </summary>
public enum KafkaApiKey : short
{
    /// <summary>ProduceRequest.</summary>
    Produce = 0,

    /// <summary>FetchRequest.</summary>
    Fetch = 1,

    /// <summary>ListOffsetsRequest.</summary>
    ListOffsets = 2,

    /// <summary>MetadataRequest.</summary>
    Metadata = 3,

    /// <summary>OffsetCommitRequest.</summary>
    OffsetCommit = 8,

    /// <summary>OffsetFetchRequest.</summary>
    OffsetFetch = 9,

    /// <summary>FindCoordinatorRequest.</summary>
    FindCoordinator = 10,

    /// <summary>JoinGroupRequest.</summary>
    JoinGroup = 11,

    /// <summary>HeartbeatRequest.</summary>
    Heartbeat = 12,

    /// <summary>LeaveGroupRequest.</summary>
    LeaveGroup = 13,

    /// <summary>SyncGroupRequest.</summary>
    SyncGroup = 14,

    /// <summary>ApiVersionsRequest.</summary>
    ApiVersions = 18,

    /// <summary>InitProducerIdRequest.</summary>
    InitProducerId = 22,

    /// <summary>AddPartitionsToTxnRequest.</summary>
    AddPartitionsToTxn = 24,

    /// <summary>AddOffsetsToTxnRequest.</summary>
    AddOffsetsToTxn = 25,

    /// <summary>EndTxnRequest.</summary>
    EndTxn = 26,

    /// <summary>TxnOffsetCommitRequest.</summary>
    TxnOffsetCommit = 28,
}
