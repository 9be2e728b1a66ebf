namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

// The transaction state of one producer incarnation: which transactional.id it serves, its
// transaction timeout, and the transaction it has open (partitions written, when it began,
// offsets it will commit for groups).
internal sealed class ProducerTransaction(string transactionalId, TimeSpan timeout)
{
    public string TransactionalId { get; } = transactionalId;

    public TimeSpan Timeout { get; } = timeout;

    public HashSet<PartitionKey> OpenPartitions { get; } = [];

    public Dictionary<string, GroupOffsets> PendingOffsets { get; } = new(StringComparer.Ordinal);

    // When the open transaction began (first append or offsets), or null when none is open.
    public DateTimeOffset? StartedAt { get; set; }

    public bool IsOpen => StartedAt is not null;
}
