using System.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StreamAgg.Hll;

namespace StreamAgg.Sink.Heatmap.Rollups;

/// <summary>
/// Keeps <c>heatmap_rollup</c> up to date with the days the heatmap sink merged into: at most once
/// per <see cref="HeatmapRollupOptions.Interval"/>, for every video with days whose counter moved
/// (<c>heatmap_rollup_days</c>), it rebuilds the blocks holding those days (a day's own block from
/// its <c>heatmap_daily</c> rows, each larger block as the union of its two halves), in one
/// REPEATABLE READ transaction per video, so a block's sequence and the counter sum it records come
/// from one snapshot. Only blocks that end before today (on its clock) are built, and today's own
/// day block: today changes with every batch, so an exact query reads today's daily rows, and one
/// that accepts some lag serves today's block as of this build. A merge that lands during a build
/// moves a counter, so the block is not served and the video stays due. Runs beside the sink's
/// consume loop, never inside a merge.
/// </summary>
public sealed class HeatmapRollupBuilder
{
    private const string DueVideos =
        "SELECT DISTINCT video_id FROM heatmap_rollup_days WHERE changes <> rolled_changes AND day <= $1 LIMIT $2";

    private const string VideoDays =
        "SELECT day, changes, rolled_changes FROM heatmap_rollup_days WHERE video_id = $1";

    private const string VideoBlocks =
        "SELECT level, start_day, changes_sum FROM heatmap_rollup WHERE video_id = $1";

    private const string BlockSequence =
        "SELECT sequence FROM heatmap_rollup WHERE video_id = $1 AND level = $2 AND start_day = $3";

    private const string UpsertBlocks =
        """
        INSERT INTO heatmap_rollup AS r (video_id, level, start_day, changes_sum, sequence, built_at)
        SELECT $1, *, $6 FROM unnest($2::smallint[], $3::date[], $4::bigint[], $5::bytea[])
        ON CONFLICT (video_id, level, start_day) DO UPDATE
            SET changes_sum = EXCLUDED.changes_sum, sequence = EXCLUDED.sequence, built_at = EXCLUDED.built_at
        """;

    private const string DeleteBlocks =
        "DELETE FROM heatmap_rollup r USING unnest($2::smallint[], $3::date[]) AS b(level, start_day) WHERE r.video_id = $1 AND r.level = b.level AND r.start_day = b.start_day";

    // After the blocks committed: the days are rolled up to the counters the build read. A merge
    // since then moved the counter past it, so the day stays due.
    private const string MarkRolled =
        """
        UPDATE heatmap_rollup_days AS d SET rolled_changes = x.changes
        FROM unnest($2::date[], $3::bigint[]) AS x(day, changes)
        WHERE d.video_id = $1 AND d.day = x.day AND d.rolled_changes < x.changes
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly HeatmapRollupOptions _options;
    private readonly HeatmapRetention? _retention;
    private readonly TimeProvider _time;
    private readonly BackgroundRounds _rounds;
    private DateTimeOffset _nextExpiry = DateTimeOffset.MinValue;
    private long _blocksBuilt;

    /// <summary>Creates a builder; the first <see cref="BuildDueAsync"/> builds at once.</summary>
    /// <param name="dataSource">The sink's database.</param>
    /// <param name="options">How often, how much.</param>
    /// <param name="retention">
    /// The sink's retention: blocks of days before it are deleted, and ranges that start before it are
    /// left to the sketch query (which also reads the monthly rollup). Null: no limit.
    /// </param>
    /// <param name="logger">Where failed rounds are logged.</param>
    /// <param name="time">The clock "today" is read from.</param>
    public HeatmapRollupBuilder(NpgsqlDataSource dataSource, HeatmapRollupOptions? options = null, HeatmapRetention? retention = null, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _options = options ?? new HeatmapRollupOptions();
        _options.Validate();
        retention?.Validate();
        _dataSource = dataSource;
        _retention = retention;
        _time = time ?? TimeProvider.System;
        _rounds = new BackgroundRounds(_options.Interval, _time, logger ?? NullLogger.Instance, "Building heatmap rollups");
    }

    /// <summary>Blocks built so far.</summary>
    public long BlocksBuilt => Interlocked.Read(ref _blocksBuilt);

    /// <summary>Rounds that failed (and were tried again one interval later).</summary>
    public long Failures => _rounds.Failures;

    /// <summary>Builds when the interval since the last round has passed; otherwise does nothing.</summary>
    /// <returns>The number of blocks built now.</returns>
    public Task<int> BuildDueAsync(CancellationToken ct = default) => _rounds.RunDueAsync(BuildAsync, ct);

    /// <summary>Runs <see cref="BuildDueAsync"/> every interval until cancelled; a failed round is logged and tried again next interval.</summary>
    public Task RunAsync(CancellationToken ct) => _rounds.RunAsync(BuildAsync, ct);

    /// <summary>Rebuilds the blocks of every due video now (up to <see cref="HeatmapRollupOptions.MaxVideosPerRound"/>).</summary>
    /// <returns>The number of blocks built.</returns>
    public async Task<int> BuildAsync(CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        if (_retention is not null && _time.GetUtcNow() >= _nextExpiry)
        {
            await ExpireAsync(_retention.FirstDailyDay(today), ct).ConfigureAwait(false);
            _nextExpiry = _time.GetUtcNow() + _retention.Interval;
        }

        var videos = new List<string>();
        await using (var command = _dataSource.CreateCommand(DueVideos))
        {
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.MaxVideosPerRound });
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                videos.Add(reader.GetString(0));
        }

        var built = 0;
        foreach (var video in videos)
            built += await BuildVideoAsync(video, today, ct).ConfigureAwait(false);
        Interlocked.Add(ref _blocksBuilt, built);
        return built;
    }

    private async Task<int> BuildVideoAsync(string videoId, DateOnly today, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        var changes = new Dictionary<DateOnly, long>();
        var rolled = new List<(DateOnly Day, long Changes)>();
        var stored = new Dictionary<HeatmapRollupBlock, long>();
        var build = new HeatmapRollupBuild(connection, videoId, changes, stored);
        await using (var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false))
        {
            await using (var command = new NpgsqlCommand(VideoDays, connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var day = reader.GetFieldValue<DateOnly>(0);
                    changes[day] = reader.GetInt64(1);
                    if (reader.GetInt64(1) != reader.GetInt64(2) && day <= today)
                        rolled.Add((day, reader.GetInt64(1)));
                }
            }
            await using (var command = new NpgsqlCommand(VideoBlocks, connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    stored[new HeatmapRollupBlock(reader.GetInt16(0), reader.GetFieldValue<DateOnly>(1))] = reader.GetInt64(2);
            }

            // Every block holding a changed day that ends before today, smallest first (halves before
            // wholes), and today's own block: it is stale again after the next merge, but a query that
            // allows some lag (HeatmapQueries.AnswerAsync) serves it instead of reading today's rows.
            var targets = new SortedSet<HeatmapRollupBlock>(Comparer<HeatmapRollupBlock>.Create((a, b) => (a.Level, a.Start).CompareTo((b.Level, b.Start))));
            foreach (var (day, _) in rolled)
            {
                for (var level = 0; level <= HeatmapRollupBlock.MaxLevel; level++)
                {
                    var block = HeatmapRollupBlock.Containing(day, level);
                    if (block.Last < today || level == 0)
                        targets.Add(block);
                }
            }
            foreach (var block in targets)
                await build.SequenceAsync(block, ct).ConfigureAwait(false);
            await build.StoreAsync(transaction, _time.GetUtcNow(), ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }

        if (rolled.Count > 0)
        {
            await using var mark = new NpgsqlCommand(MarkRolled, connection);
            mark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
            mark.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. rolled.Select(r => r.Day)] });
            mark.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. rolled.Select(r => r.Changes)] });
            await mark.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return build.Built;
    }

    private async Task ExpireAsync(DateOnly firstDay, CancellationToken ct)
    {
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(Dated("INSERT INTO heatmap_rollup_horizon (first_day) VALUES ($1) ON CONFLICT (singleton) DO UPDATE SET first_day = greatest(heatmap_rollup_horizon.first_day, EXCLUDED.first_day)", firstDay));
        batch.BatchCommands.Add(Dated("DELETE FROM heatmap_rollup WHERE start_day < $1", firstDay));
        batch.BatchCommands.Add(Dated("DELETE FROM heatmap_rollup_days WHERE day < $1", firstDay));
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand Dated(string sql, DateOnly day)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        return command;
    }

    /// <summary>One video's blocks being rebuilt in one transaction: what was built, read or found empty.</summary>
    private sealed class HeatmapRollupBuild(NpgsqlConnection connection, string videoId, Dictionary<DateOnly, long> changes, Dictionary<HeatmapRollupBlock, long> stored)
    {
        private readonly Dictionary<HeatmapRollupBlock, byte[]?> _sequences = [];
        private readonly Dictionary<HeatmapRollupBlock, byte[]?> _rebuilt = [];
        private readonly HllSequenceWriter _writer = new(HllSettings.Default);

        public int Built => _rebuilt.Count;

        /// <summary>The block's sequence as of this snapshot (null: no rows), rebuilt unless a current one is stored.</summary>
        public async Task<byte[]?> SequenceAsync(HeatmapRollupBlock block, CancellationToken ct)
        {
            if (_sequences.TryGetValue(block, out var known))
                return known;
            var sum = HeatmapRollupPlan.ChangesOf(block, changes);
            byte[]? sequence;
            if (sum == 0)
                sequence = null;
            else if (stored.TryGetValue(block, out var builtFrom) && builtFrom == sum)
                sequence = await ReadStoredAsync(block, ct).ConfigureAwait(false);
            else
            {
                if (block.Level == 0)
                    sequence = (await HeatmapDailySequence.ReadAsync(connection, videoId, [block.Start], ct).ConfigureAwait(false)).GetValueOrDefault(block.Start);
                else
                {
                    var halves = new List<byte[]>(2);
                    if (await SequenceAsync(block.FirstHalf, ct).ConfigureAwait(false) is { } first)
                        halves.Add(first);
                    if (await SequenceAsync(block.SecondHalf, ct).ConfigureAwait(false) is { } second)
                        halves.Add(second);
                    sequence = HeatmapSequences.Union(halves, _writer);
                }
                _rebuilt[block] = sequence;
            }
            _sequences[block] = sequence;
            return sequence;
        }

        public async Task StoreAsync(NpgsqlTransaction transaction, DateTimeOffset builtAt, CancellationToken ct)
        {
            var present = _rebuilt.Where(b => b.Value is not null).ToList();
            var gone = _rebuilt.Where(b => b.Value is null && stored.ContainsKey(b.Key)).Select(b => b.Key).ToList();
            await using var batch = new NpgsqlBatch(connection, transaction);
            if (present.Count > 0)
            {
                var upsert = new NpgsqlBatchCommand(UpsertBlocks);
                upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
                upsert.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. present.Select(b => (short)b.Key.Level)] });
                upsert.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. present.Select(b => b.Key.Start)] });
                upsert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. present.Select(b => HeatmapRollupPlan.ChangesOf(b.Key, changes))] });
                upsert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. present.Select(b => b.Value!)] });
                upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = builtAt });
                batch.BatchCommands.Add(upsert);
            }
            if (gone.Count > 0)
            {
                var delete = new NpgsqlBatchCommand(DeleteBlocks);
                delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
                delete.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. gone.Select(b => (short)b.Level)] });
                delete.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. gone.Select(b => b.Start)] });
                batch.BatchCommands.Add(delete);
            }
            if (batch.BatchCommands.Count > 0)
                await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        private async Task<byte[]?> ReadStoredAsync(HeatmapRollupBlock block, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(BlockSequence, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)block.Level });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = block.Start });
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as byte[];
        }
    }
}
