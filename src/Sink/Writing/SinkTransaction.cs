using Npgsql;

namespace StreamAgg.Sink.Writing;

/// <summary>
/// Stores one batch of a sink in one PostgreSQL transaction: the batch's data (written by the
/// sink's own writer), its dead letters and the next offsets of its partitions. The data writer
/// runs first (it may COPY into a staging table) and adds its last statements to the round trip
/// that carries the dead letters and offsets, so a batch costs one round trip after the COPY.
/// Either everything is stored or, on any exception, nothing: offsets included.
/// </summary>
internal static class SinkTransaction
{
    /// <summary>Writes a batch's data within the open transaction of <paramref name="connection"/>.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="connection">The connection, inside the transaction.</param>
    /// <param name="statements">Statements sent just before the commit, with the dead letters and offsets; the writer may add its own.</param>
    /// <param name="ct">Cancels the write.</param>
    /// <returns>The rows the batch upserts.</returns>
    public delegate Task<int> WriteData<in TBatch>(TBatch batch, NpgsqlConnection connection, NpgsqlBatch statements, CancellationToken ct);

    /// <returns>The rows upserted (0 for an empty batch, which stores nothing).</returns>
    public static async Task<int> StoreAsync<TBatch>(NpgsqlDataSource dataSource, string consumer, TBatch batch, WriteData<TBatch> writeData, CancellationToken ct)
        where TBatch : ISinkBatch<TBatch>
    {
        if (batch.Count == 0)
            return 0;
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var statements = new NpgsqlBatch(connection, transaction);

        var rows = await writeData(batch, connection, statements, ct).ConfigureAwait(false);
        var deadLetters = batch.DeadLetters;
        if (deadLetters.Count > 0)
            statements.BatchCommands.Add(SinkBatchCommands.DeadLetters(consumer, deadLetters));
        var positions = batch.Positions;
        if (positions.Count > 0)
            statements.BatchCommands.Add(SinkBatchCommands.Positions(consumer, positions));
        if (statements.BatchCommands.Count > 0)
            await statements.ExecuteNonQueryAsync(ct).ConfigureAwait(false);

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return rows;
    }
}
