using Npgsql;
using NpgsqlTypes;
using StreamAgg.Core.Engagement;

namespace StreamAgg.Sink.Writing;

/// <summary>
/// Stores an <see cref="EngagementBatch"/> in one transaction: binary COPY of the rows into a
/// staging table, one set-based upsert where the higher <c>version</c> wins, the tombstones'
/// deletes, and (through <see cref="SinkTransaction"/>) the dead letters and the partition positions. Replaying a stored batch changes
/// nothing; a failed batch stores nothing.
/// </summary>
public sealed class EngagementRowWriter
{
    /// <summary>The consumer name offsets are stored under when none is given.</summary>
    public const string DefaultConsumer = "engagement-sink";

    private static readonly string CreateStaging =
        $"CREATE TEMP TABLE engagement_staging ON COMMIT DROP AS SELECT {EngagementColumns.List} FROM engagement WITH NO DATA";

    private static readonly string CopyStaging =
        $"COPY engagement_staging ({EngagementColumns.List}) FROM STDIN (FORMAT BINARY)";

    // DISTINCT ON keeps the newest version of a key the batch holds twice; the WHERE keeps a
    // stored newer row from being overwritten by a replay of an older one.
    private static readonly string Upsert =
        $"""
        INSERT INTO engagement ({EngagementColumns.List}, written_at)
        SELECT DISTINCT ON (user_id, video_id) {EngagementColumns.List}, now()
        FROM engagement_staging
        ORDER BY user_id, video_id, version DESC
        ON CONFLICT (user_id, video_id) DO UPDATE SET
            {string.Join(",\n    ", EngagementColumns.Names.Skip(2).Select(c => $"{c} = EXCLUDED.{c}"))},
            written_at = EXCLUDED.written_at
        WHERE engagement.version < EXCLUDED.version
        """;

    private const string Delete =
        "DELETE FROM engagement e USING unnest($1::text[], $2::text[]) AS k(user_id, video_id) WHERE e.user_id = k.user_id AND e.video_id = k.video_id";


    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a writer storing offsets under <paramref name="consumer"/>.</summary>
    public EngagementRowWriter(NpgsqlDataSource dataSource, string consumer = DefaultConsumer)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        _dataSource = dataSource;
        Consumer = consumer;
    }

    /// <summary>The name positions are stored under in <c>sink_offsets</c>.</summary>
    public string Consumer { get; }

    /// <summary>Stores the batch atomically, with its dead letters and positions. On any exception nothing of it was stored.</summary>
    public Task WriteAsync(EngagementBatch batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return SinkTransaction.StoreAsync(_dataSource, Consumer, batch, WriteRowsAsync, ct);
    }

    /// <summary>
    /// The rows and deletes of the batch, within the transaction open on <paramref name="connection"/>:
    /// the rows are copied into staging now; the deletes and the upsert go with <paramref name="statements"/>.
    /// </summary>
    /// <returns>The messages the batch holds (what the engagement sink counts as stored).</returns>
    internal static async Task<int> WriteRowsAsync(EngagementBatch batch, NpgsqlConnection connection, NpgsqlBatch statements, CancellationToken ct)
    {
        var (rows, deletes) = batch.Plan();
        if (rows.Count > 0)
            await StageAsync(connection, rows, ct).ConfigureAwait(false);
        if (deletes.Count > 0)
            statements.BatchCommands.Add(SinkBatchCommands.Positional(Delete, deletes.Select(k => k.UserId).ToArray(), deletes.Select(k => k.VideoId).ToArray()));
        if (rows.Count > 0)
            statements.BatchCommands.Add(new NpgsqlBatchCommand(Upsert));
        return batch.Count;
    }

    /// <summary>The stored next offsets of <paramref name="topic"/>'s partitions for this writer's consumer.</summary>
    public Task<IReadOnlyDictionary<int, long>> ReadPositionsAsync(string topic, CancellationToken ct = default)
        => SinkOffsets.ReadAsync(_dataSource, Consumer, topic, ct);

    private static async Task StageAsync(NpgsqlConnection connection, List<EngagementRow> rows, CancellationToken ct)
    {
        await using (var create = new NpgsqlCommand(CreateStaging, connection))
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);

        // Synchronous writes fill Npgsql's buffer (an async call per field costs more than it saves);
        // only the flushes touch the network.
        await using var importer = await connection.BeginBinaryImportAsync(CopyStaging, ct).ConfigureAwait(false);
        foreach (var row in rows)
            EngagementColumns.Write(importer, row);
        await importer.CompleteAsync(ct).ConfigureAwait(false);
    }
}
