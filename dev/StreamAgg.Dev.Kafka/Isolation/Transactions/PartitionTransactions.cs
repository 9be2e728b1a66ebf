namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

// The transactional histories of every producer incarnation that wrote to one partition.
internal sealed class PartitionTransactions
{
    private readonly Dictionary<ProducerKey, ProducerPartitionHistory> _producers = [];

    public ProducerPartitionHistory History(ProducerKey producer)
    {
        if (!_producers.TryGetValue(producer, out var history))
        {
            history = new ProducerPartitionHistory();
            _producers.Add(producer, history);
        }

        return history;
    }

    public BatchFate Classify(ProducerKey producer, long baseOffset, out long abortedFirst)
    {
        abortedFirst = -1;
        return _producers.TryGetValue(producer, out var history) ? history.Classify(baseOffset, out abortedFirst) : BatchFate.Visible;
    }

    // The first offset of the earliest open transaction whose first append is acknowledged, or
    // long.MaxValue. An open transaction whose first offset is not known yet shows up in Classify.
    public long FirstOpenOffset()
    {
        var first = long.MaxValue;
        foreach (var history in _producers.Values)
        {
            first = Math.Min(first, history.OpenFirstOffset);
        }

        return first;
    }
}
