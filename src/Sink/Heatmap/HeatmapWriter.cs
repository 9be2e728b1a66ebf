using System.Buffers;
using Npgsql;
using NpgsqlTypes;
using StreamAgg.Sink.Heatmap.Rollups;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Stores a <see cref="HeatmapBatch"/> in one transaction: binary COPY of the merged cells (the
/// sketches as postgresql-hll bytes in a <c>bytea</c> column) into a staging table, one upsert into
/// <c>heatmap_daily</c> (<c>viewers || EXCLUDED.viewers</c>, plays summed, and counted as unfolded),
/// the marker of the (video, month)s it leaves unfolded, the windows' marker of its videos, the
/// rollups' marker of its (video, day)s (<see cref="Rollups.HeatmapRollupMarks"/>), and
/// (through <see cref="SinkTransaction"/>) the dead letters and the partition positions. A failed batch stores nothing. The monthly rollup is
/// not touched here: <see cref="HeatmapMonthFolder"/> folds the days into it later.
/// </summary>
public sealed class HeatmapWriter
{
    /// <summary>The consumer name offsets are stored under when none is given.</summary>
    public const string DefaultConsumer = "heatmap-sink";

    // synchronous_commit = off: the commit returns before its WAL reaches the disk. A crash can
    // then lose the last few transactions, but each carries the offsets it advances to in
    // sink_offsets, so a lost batch is lost with its offsets and simply read again from Kafka;
    // nothing is doubled (plays are summed exactly once) and nothing is skipped. It never
    // corrupts: the server recovers to a consistent earlier state.
    private const string AsynchronousCommit = "SET LOCAL synchronous_commit = off";

    private const string CreateStaging =
        "CREATE TEMP TABLE heatmap_daily_staging (video_id text, day date, second integer, viewers bytea, plays bigint) ON COMMIT DROP";

    // The cast is binary (bytea and hll share a representation); the union checks the sketch.
    // Rows go in key order, so two sinks (or a sink and the month folder) merging into the same
    // rows take their locks in the same order instead of deadlocking. unfolded_plays counts what
    // the monthly rollup has not got yet (NULL: nothing; migration 0007).
    private const string UpsertDaily =
        """
        INSERT INTO heatmap_daily AS t (video_id, day, second, viewers, plays, unfolded_plays)
        SELECT video_id, day, second, viewers::hll, plays, plays FROM heatmap_daily_staging ORDER BY video_id, day, second
        ON CONFLICT (video_id, day, second) DO UPDATE
            SET viewers = t.viewers || EXCLUDED.viewers, plays = t.plays + EXCLUDED.plays,
                unfolded_plays = coalesce(t.unfolded_plays, 0) + EXCLUDED.plays
        """;

    // The folder's work list: one row per (video, month) of the batch, bumped on every merge so a
    // fold that ran meanwhile leaves it due. In key order, like the cells.
    private const string MarkUnfoldedMonths =
        """
        INSERT INTO heatmap_unfolded_months AS m (video_id, month)
        SELECT video_id, month FROM unnest($1::text[], $2::date[]) AS x(video_id, month) ORDER BY video_id, month
        ON CONFLICT (video_id, month) DO UPDATE SET changes = m.changes + 1
        """;

    // The windows' marker (migration 0006): the video changed, and its newest day. In key
    // order, like the cells, so two sinks lock the same videos in the same order.
    private const string MarkVideos =
        """
        INSERT INTO heatmap_videos AS v (video_id, newest_day)
        SELECT video_id, newest_day FROM unnest($1::text[], $2::date[]) AS x(video_id, newest_day) ORDER BY video_id
        ON CONFLICT (video_id) DO UPDATE
            SET newest_day = greatest(v.newest_day, EXCLUDED.newest_day), changes = v.changes + 1, changed_at = now()
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly HeatmapRetention? _retention;
    private readonly TimeProvider _time;

    /// <summary>Creates a writer.</summary>
    /// <param name="dataSource">The database with the sink's schema.</param>
    /// <param name="consumer">The name positions and dead letters are stored under.</param>
    /// <param name="retention">When given, cells already past it are not written (a replay does not bring back expired rows).</param>
    /// <param name="time">The clock retention counts from (default: the system's).</param>
    public HeatmapWriter(NpgsqlDataSource dataSource, string consumer = DefaultConsumer, HeatmapRetention? retention = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        retention?.Validate();
        _dataSource = dataSource;
        _retention = retention;
        _time = time ?? TimeProvider.System;
        Consumer = consumer;
    }

    /// <summary>The name positions are stored under in <c>sink_offsets</c>.</summary>
    public string Consumer { get; }

    /// <summary>Stores the batch atomically, with its dead letters and positions. On any exception nothing of it was stored.</summary>
    /// <returns>The number of daily rows upserted.</returns>
    public Task<int> WriteAsync(HeatmapBatch batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return SinkTransaction.StoreAsync(_dataSource, Consumer, batch, WriteCellsAsync, ct);
    }

    /// <summary>
    /// The cells of the batch, within the transaction open on <paramref name="connection"/>: copied
    /// into staging now; the upsert and the folder's and windows' markers go with <paramref name="statements"/>.
    /// </summary>
    /// <returns>The number of daily rows upserted.</returns>
    internal async Task<int> WriteCellsAsync(HeatmapBatch batch, NpgsqlConnection connection, NpgsqlBatch statements, CancellationToken ct)
    {
        var today = Today();
        var firstDay = _retention is null ? DateOnly.MinValue : _retention.FirstDailyDay(today);
        var daily = batch.DailyCells.Where(c => c.Key.Day >= firstDay).ToList();

        if (daily.Count > 0)
        {
            await using (var create = new NpgsqlCommand(CreateStaging, connection))
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await CopyAsync(connection, "COPY heatmap_daily_staging FROM STDIN (FORMAT BINARY)", daily, ct).ConfigureAwait(false);
        }

        // It only has to be set before the commit: the last round trip before it is early enough.
        statements.BatchCommands.Add(new NpgsqlBatchCommand(AsynchronousCommit));
        if (daily.Count > 0)
        {
            // Before the upsert: every day it writes must have its partition (migration 0009).
            statements.BatchCommands.Add(HeatmapDailyPartitions.Ensure(daily.Select(c => c.Key.Day)));
            statements.BatchCommands.Add(new NpgsqlBatchCommand(UpsertDaily));
            statements.BatchCommands.Add(UnfoldedMonths(daily));
            statements.BatchCommands.Add(Videos(daily));
            statements.BatchCommands.Add(HeatmapRollupMarks.Days(daily.Select(c => c.Key)));
        }
        return daily.Count;
    }

    /// <summary>
    /// Deletes the daily and monthly rows past <paramref name="retention"/>, counted from the
    /// writer's clock: the day partitions of <c>heatmap_daily</c> before it are dropped whole, each
    /// only once all its rows are folded into their months (the rollup would otherwise lose them;
    /// see <see cref="HeatmapDailyPartitions.DropExpiredAsync"/>), and the expired monthly rows deleted.
    /// </summary>
    /// <returns>The numbers of daily rows (in the partitions dropped) and monthly rows deleted.</returns>
    public async Task<(long Daily, long Monthly)> DeleteExpiredAsync(HeatmapRetention retention, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(retention);
        retention.Validate();
        var today = Today();
        var (_, dailyDeleted) = await new HeatmapDailyPartitions(_dataSource).DropExpiredAsync(retention.FirstDailyDay(today), ct).ConfigureAwait(false);
        await using var monthly = _dataSource.CreateCommand("DELETE FROM heatmap_monthly WHERE month < $1");
        monthly.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = retention.FirstMonth(today) });
        var monthlyDeleted = await monthly.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return (dailyDeleted, monthlyDeleted);
    }

    /// <summary>
    /// Creates the day partitions of <c>heatmap_daily</c> from yesterday to a few days after today
    /// (the writer's clock) that are missing, so merges seldom have to create one inside their transaction.
    /// </summary>
    /// <returns>The number of partitions created.</returns>
    public Task<int> CreatePartitionsAheadAsync(CancellationToken ct = default) =>
        new HeatmapDailyPartitions(_dataSource).CreateAheadAsync(Today(), ct);

    /// <summary>The stored next offsets of <paramref name="topic"/>'s partitions for this writer's consumer.</summary>
    public Task<IReadOnlyDictionary<int, long>> ReadPositionsAsync(string topic, CancellationToken ct = default)
        => SinkOffsets.ReadAsync(_dataSource, Consumer, topic, ct);

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    /// <summary>The marker of the videos the daily cells touch, with each one's newest day.</summary>
    private static NpgsqlBatchCommand Videos(List<KeyValuePair<HeatmapCellKey, HeatmapCellSum>> daily)
    {
        var newest = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var (key, _) in daily)
        {
            if (!newest.TryGetValue(key.VideoId, out var day) || key.Day > day)
                newest[key.VideoId] = key.Day;
        }
        return SinkBatchCommands.Positional(MarkVideos, newest.Keys.ToArray(), newest.Values.ToArray());
    }

    /// <summary>The folder's marker of the (video, month)s the daily cells touch, one per pair.</summary>
    private static NpgsqlBatchCommand UnfoldedMonths(List<KeyValuePair<HeatmapCellKey, HeatmapCellSum>> daily)
    {
        var months = new HashSet<(string VideoId, DateOnly Month)>();
        foreach (var (key, _) in daily)
            months.Add((key.VideoId, new DateOnly(key.Day.Year, key.Day.Month, 1)));
        return SinkBatchCommands.Positional(MarkUnfoldedMonths, months.Select(m => m.VideoId).ToArray(), months.Select(m => m.Month).ToArray());
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string copy, List<KeyValuePair<HeatmapCellKey, HeatmapCellSum>> cells, CancellationToken ct)
    {
        if (cells.Count == 0)
            return;
        // One pooled buffer for every sketch: the importer copies the bytes it is given.
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await using var importer = await connection.BeginBinaryImportAsync(copy, ct).ConfigureAwait(false);
            foreach (var (key, cell) in cells)
            {
                var length = cell.Viewers.SerializedLength;
                if (length > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(length);
                }
                cell.Viewers.WriteTo(buffer);
                importer.StartRow();
                importer.Write(key.VideoId, NpgsqlDbType.Text);
                importer.Write(key.Day, NpgsqlDbType.Date);
                importer.Write(key.Second, NpgsqlDbType.Integer);
                importer.Write(new ArraySegment<byte>(buffer, 0, length), NpgsqlDbType.Bytea);
                importer.Write(cell.Plays, NpgsqlDbType.Bigint);
            }
            await importer.CompleteAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
