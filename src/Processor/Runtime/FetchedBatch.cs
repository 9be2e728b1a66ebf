using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Consumed changelog records handed from the fetching thread to the restoring thread at once
/// (<see cref="ChangelogFetcher"/>): one hand-off per batch, not per record. Batches are recycled.
/// </summary>
internal sealed class FetchedBatch(int capacity)
{
    public ConsumeResult<byte[], ReadOnlyMemory<byte>?>[] Records { get; } = new ConsumeResult<byte[], ReadOnlyMemory<byte>?>[capacity];

    public int Count { get; private set; }

    public bool IsFull => Count == Records.Length;

    public void Add(ConsumeResult<byte[], ReadOnlyMemory<byte>?> record) => Records[Count++] = record;

    /// <summary>Empties the batch, dropping its references so that the client's objects die young.</summary>
    public void Clear()
    {
        Array.Clear(Records, 0, Count);
        Count = 0;
    }
}
