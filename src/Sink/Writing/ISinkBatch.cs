namespace StreamAgg.Sink.Writing;

/// <summary>
/// What a sink's consume loop (<c>SinkConsumer</c>) needs of a batch: its size, the positions it advances
/// to, and how to drop, split and reject its messages.
/// </summary>
/// <typeparam name="TBatch">The batch type itself.</typeparam>
internal interface ISinkBatch<TBatch>
    where TBatch : ISinkBatch<TBatch>
{
    /// <summary>The number of messages held.</summary>
    int Count { get; }

    /// <summary>The next offset to read per partition once this batch is stored.</summary>
    IReadOnlyList<SinkPosition> Positions { get; }

    /// <summary>The messages that became dead letters, stored in the same transaction as the positions that move past them.</summary>
    IReadOnlyList<SinkDeadLetter> DeadLetters { get; }

    /// <summary>Empties the batch after it was stored.</summary>
    void Clear();

    /// <summary>Forgets the messages of partitions this consumer no longer owns.</summary>
    void RemovePartitions(IEnumerable<(string Topic, int Partition)> partitions);

    /// <summary>Single-message batches in consumption order, to isolate a message PostgreSQL refuses.</summary>
    IEnumerable<TBatch> OnePerMessage();

    /// <summary>This single-message batch as a <see cref="SinkDeadLetterReasons.Rejected"/> dead letter.</summary>
    TBatch AsRejected(string detail);
}
