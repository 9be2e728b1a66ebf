using Confluent.Kafka;
using Npgsql;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Sink.Consuming;

/// <summary>
/// What differs between sinks: how a message goes into the batch, when the batch is full, and how
/// its data is written inside the transaction that <see cref="SinkConsumer{TBatch}"/> opens (and in
/// which it also stores the dead letters and the offsets, then commits).
/// </summary>
/// <typeparam name="TBatch">The sink's batch.</typeparam>
internal interface ISinkTarget<TBatch>
    where TBatch : ISinkBatch<TBatch>
{
    /// <summary>Decodes one message into the batch.</summary>
    /// <returns>The dead letter the message became (already in the batch), or null when it was added.</returns>
    SinkDeadLetter? Add(TBatch batch, ConsumeResult<byte[]?, byte[]?> message);

    /// <summary>Whether the batch must be stored now, without waiting for its delay.</summary>
    bool IsFull(TBatch batch);

    /// <summary>Writes the batch's data within the open transaction (see <see cref="SinkTransaction.WriteData{TBatch}"/>).</summary>
    /// <returns>The rows upserted.</returns>
    Task<int> WriteAsync(TBatch batch, NpgsqlConnection connection, NpgsqlBatch statements, CancellationToken ct);

    /// <summary>Work the sink does between polls when it is due (expiry); must not throw for a database failure.</summary>
    Task TendAsync(CancellationToken ct);
}
