namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

internal readonly record struct PartitionKey(string Topic, int Partition)
{
    public override string ToString() => $"{Topic}[{Partition}]";
}
