namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

// Offsets a transaction will commit for a consumer group (TxnOffsetCommit), with the group
// membership the request carried, which the group coordinator checks when they are stored.
internal sealed record GroupOffsets(
    string GroupId, int GenerationId, string MemberId, string? GroupInstanceId, IReadOnlyList<PartitionOffset> Offsets);
