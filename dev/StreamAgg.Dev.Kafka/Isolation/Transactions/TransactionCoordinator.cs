namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

/// <summary>
/// The transaction state the embedded cluster's brokers lack, kept from the requests and responses
/// the isolating proxy sees: which producer incarnation serves each transactional.id (a newer one
/// aborts and fences the older), which partitions each open transaction wrote and from which
/// offset, how each transaction ended, the group offsets a transaction commits, and the
/// transaction timeout. Pure state, no I/O; time comes from the injected clock. Thread-safe: every
/// connection of the proxy shares one coordinator.
/// </summary>
internal sealed class TransactionCoordinator(TimeProvider clock)
{
    // Kafka's transaction.timeout.ms default, for a producer whose InitProducerId was not seen.
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<PartitionKey, PartitionTransactions> _partitions = [];
    private readonly Dictionary<string, ProducerKey> _currentByTransactionalId = new(StringComparer.Ordinal);
    private readonly Dictionary<ProducerKey, ProducerTransaction> _producers = [];
    private readonly HashSet<ProducerKey> _fenced = [];
    private readonly Dictionary<string, string> _topics = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next end of a transaction (commit, abort, fencing or timeout).</summary>
    public Task NextChange
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>
    /// A producer incarnation got its id for <paramref name="transactionalId"/> (InitProducerId):
    /// the transaction the previous incarnation left open is aborted and that incarnation fenced.
    /// </summary>
    public void Registered(string transactionalId, ProducerKey producer, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_currentByTransactionalId.TryGetValue(transactionalId, out var previous))
            {
                EndLocked(previous, TransactionOutcome.Aborted);
                if (previous != producer)
                {
                    _fenced.Add(previous);
                    _producers.Remove(previous);
                }
            }

            _currentByTransactionalId[transactionalId] = producer;
            _producers[producer] = new ProducerTransaction(transactionalId, timeout > TimeSpan.Zero ? timeout : DefaultTimeout);
        }
    }

    /// <summary>True when a newer incarnation, or the transaction timeout, fenced this one.</summary>
    public bool IsFenced(ProducerKey producer)
    {
        lock (_gate)
        {
            return _fenced.Contains(producer);
        }
    }

    /// <summary>
    /// The incarnation serving <paramref name="transactionalId"/> now, when it has a transaction
    /// open (a partition or offsets reached it, and it has not ended); null otherwise. For tests
    /// that must catch a producer mid-transaction.
    /// </summary>
    public ProducerKey? OpenTransactionOf(string transactionalId)
    {
        lock (_gate)
        {
            return _currentByTransactionalId.TryGetValue(transactionalId, out var producer) && HasOpenTransactionLocked(producer) ? producer : null;
        }
    }

    /// <summary>True while this incarnation's transaction is open.</summary>
    public bool HasOpenTransaction(ProducerKey producer)
    {
        lock (_gate)
        {
            return HasOpenTransactionLocked(producer);
        }
    }

    /// <summary>A transactional batch is about to be appended: the producer's transaction is open in the partition. False when fenced.</summary>
    public bool BeginAppend(ProducerKey producer, PartitionKey partition)
    {
        lock (_gate)
        {
            if (_fenced.Contains(producer))
            {
                return false;
            }

            var transaction = ProducerLocked(producer);
            transaction.StartedAt ??= clock.GetUtcNow();
            transaction.OpenPartitions.Add(partition);
            PartitionLocked(partition).History(producer).Begin();
            return true;
        }
    }

    /// <summary>The broker acknowledged a transactional batch at these offsets.</summary>
    public void Appended(ProducerKey producer, PartitionKey partition, long baseOffset, long lastOffset)
    {
        lock (_gate)
        {
            PartitionLocked(partition).History(producer).Appended(baseOffset, lastOffset);
        }
    }

    /// <summary>The transaction will commit these group offsets (TxnOffsetCommit). False when fenced.</summary>
    public bool AddOffsets(ProducerKey producer, GroupOffsets offsets)
    {
        lock (_gate)
        {
            if (_fenced.Contains(producer))
            {
                return false;
            }

            var transaction = ProducerLocked(producer);
            transaction.StartedAt ??= clock.GetUtcNow();
            if (transaction.PendingOffsets.TryGetValue(offsets.GroupId, out var earlier))
            {
                var merged = earlier.Offsets.Where(o => !offsets.Offsets.Any(n => n.Partition == o.Partition)).Concat(offsets.Offsets).ToList();
                offsets = offsets with { Offsets = merged };
            }

            transaction.PendingOffsets[offsets.GroupId] = offsets;
            return true;
        }
    }

    /// <summary>
    /// Ends the producer's open transaction (EndTxn) and returns the group offsets it commits:
    /// those of TxnOffsetCommit on commit, none on abort.
    /// </summary>
    public IReadOnlyList<GroupOffsets> End(ProducerKey producer, bool commit)
    {
        lock (_gate)
        {
            return EndLocked(producer, commit ? TransactionOutcome.Committed : TransactionOutcome.Aborted);
        }
    }

    /// <summary>Aborts and fences every producer whose open transaction is older than its timeout, as Kafka's coordinator does.</summary>
    public IReadOnlyList<ProducerKey> AbortExpired()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var expired = _producers.Where(p => p.Value.StartedAt is { } started && now - started > p.Value.Timeout).Select(p => p.Key).ToList();
            foreach (var producer in expired)
            {
                EndLocked(producer, TransactionOutcome.Aborted);
                _fenced.Add(producer);
                _producers.Remove(producer);
            }

            return expired;
        }
    }

    /// <summary>
    /// The name of a topic some transactional producer wrote to, found without allocating (the
    /// Fetch path asks for every partition of every response); false for any other topic.
    /// </summary>
    public bool TryFindTransactionalTopic(ReadOnlySpan<char> name, out string topic)
    {
        lock (_gate)
        {
            return _topics.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out topic!);
        }
    }

    /// <summary>True when some transactional producer ever wrote to the partition.</summary>
    public bool HasTransactions(PartitionKey partition)
    {
        lock (_gate)
        {
            return _partitions.ContainsKey(partition);
        }
    }

    /// <summary>What a read_committed reader may do with a transactional batch of <paramref name="producer"/> at <paramref name="baseOffset"/>.</summary>
    public BatchFate Classify(PartitionKey partition, ProducerKey producer, long baseOffset, out long abortedFirst)
    {
        lock (_gate)
        {
            abortedFirst = -1;
            return _partitions.TryGetValue(partition, out var transactions)
                ? transactions.Classify(producer, baseOffset, out abortedFirst)
                : BatchFate.Visible;
        }
    }

    /// <summary>The first offset of the partition's earliest open transaction with a known start, or long.MaxValue.</summary>
    public long FirstOpenOffset(PartitionKey partition)
    {
        lock (_gate)
        {
            return _partitions.TryGetValue(partition, out var transactions) ? transactions.FirstOpenOffset() : long.MaxValue;
        }
    }

    private List<GroupOffsets> EndLocked(ProducerKey producer, TransactionOutcome outcome)
    {
        if (!_producers.TryGetValue(producer, out var transaction) || !transaction.IsOpen)
        {
            return [];
        }

        foreach (var partition in transaction.OpenPartitions)
        {
            PartitionLocked(partition).History(producer).End(outcome);
        }

        var offsets = outcome == TransactionOutcome.Committed ? transaction.PendingOffsets.Values.ToList() : [];
        transaction.OpenPartitions.Clear();
        transaction.PendingOffsets.Clear();
        transaction.StartedAt = null;
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return offsets;
    }

    private bool HasOpenTransactionLocked(ProducerKey producer) =>
        _producers.TryGetValue(producer, out var transaction) && transaction.IsOpen;

    private ProducerTransaction ProducerLocked(ProducerKey producer)
    {
        if (!_producers.TryGetValue(producer, out var transaction))
        {
            transaction = new ProducerTransaction(transactionalId: "", DefaultTimeout);
            _producers.Add(producer, transaction);
        }

        return transaction;
    }

    private PartitionTransactions PartitionLocked(PartitionKey partition)
    {
        if (!_partitions.TryGetValue(partition, out var transactions))
        {
            transactions = new PartitionTransactions();
            _partitions.Add(partition, transactions);
            _topics.TryAdd(partition.Topic, partition.Topic);
        }

        return transactions;
    }
}
