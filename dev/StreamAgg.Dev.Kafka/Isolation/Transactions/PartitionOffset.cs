namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

internal readonly record struct PartitionOffset(PartitionKey Partition, long Offset, string? Metadata);
