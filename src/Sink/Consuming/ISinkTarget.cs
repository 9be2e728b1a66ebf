using Confluent.Kafka;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Sink.Consuming;

/// <summary>
/// The part of a sink that knows its messages and its tables; <see cref="SinkConsumer{TBatch}"/>
/// runs the loop around it.
/// </summary>
/// <typeparam name="TBatch">The sink's batch.</typeparam>
internal interface ISinkTarget<TBatch>
    where TBatch : ISinkBatch<TBatch>
{
    /// <summary>Decodes one message into the batch.</summary>
    /// <returns>False when the message became a dead letter.</returns>
    bool Add(TBatch batch, ConsumeResult<byte[]?, byte[]?> message);

    /// <summary>Whether the batch must be stored now, without waiting for its delay.</summary>
    bool IsFull(TBatch batch);

    /// <summary>Stores the batch and its positions in one transaction, and counts it; on any exception nothing was stored.</summary>
    /// <returns>The rows upserted.</returns>
    Task<int> WriteAsync(TBatch batch, CancellationToken ct);

    /// <summary>The stored next offsets of <paramref name="topic"/>'s partitions (synchronous: it runs in Kafka's assignment callback).</summary>
    IReadOnlyDictionary<int, long> ReadPositions(string topic);

    /// <summary>Work the sink does between polls when it is due (expiry, refreshes); must not throw for a database failure.</summary>
    Task TendAsync(CancellationToken ct);

    /// <summary>Counts a message stored as a dead letter.</summary>
    void DeadLettered();

    /// <summary>Counts a failed write attempt that will be retried.</summary>
    void WriteFailed();
}
