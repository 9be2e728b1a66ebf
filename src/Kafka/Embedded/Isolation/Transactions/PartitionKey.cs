namespace StreamAgg.Kafka.Embedded.Isolation.Transactions;

internal readonly record struct PartitionKey(string Topic, int Partition)
{
    public override string ToString() => $"{Topic}[{Partition}]";
}
