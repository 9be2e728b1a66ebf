namespace StreamAgg.Kafka.Embedded.Isolation.Transactions;

internal readonly record struct PartitionOffset(PartitionKey Partition, long Offset, string? Metadata);
