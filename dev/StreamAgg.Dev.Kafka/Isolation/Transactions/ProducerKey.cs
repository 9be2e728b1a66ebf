namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

// One incarnation of a producer: its id and epoch, as record batches and transactional requests
// carry them. A new epoch for the same id is another incarnation (the older one is fenced).
internal readonly record struct ProducerKey(long ProducerId, short Epoch)
{
    public override string ToString() => $"{ProducerId}/{Epoch}";
}
