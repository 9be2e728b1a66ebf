using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Brings <c>heatmap_monthly</c> up to date with the daily rows the heatmap sink merged: at most
/// once per <see cref="HeatmapFoldOptions.Interval"/>, every (video, month) marked in
/// <c>heatmap_unfolded_months</c> gets its unfolded daily rows unioned into the month's sketches and
/// their unfolded plays added, in a transaction of its own: never inside a merge, so a merge costs
/// one upsert per cell. Queries stay exact meanwhile (they union a month's rollup with its unfolded
/// daily rows). The heatmap sink runs one beside its consume loop.
/// </summary>
public sealed class HeatmapMonthFolder
{
    private const string Unfolded =
        """
        SELECT video_id, month, changes FROM heatmap_unfolded_months
        ORDER BY marked_at
        LIMIT $1
        """;

    // $1 the video, $2 the month, $3 the next month. The inner SELECT … FOR UPDATE locks the
    // unfolded rows (in key order, as merges do) and reads their newest unfolded_plays; the UPDATE
    // then clears it and returns that old value with the row's whole sketch. A merge into a locked
    // row waits for this fold and counts its plays as unfolded again; a row a merge inserts meanwhile
    // is not seen here and stays unfolded. A union is idempotent, so a sketch unioned twice into its
    // month is harmless; plays are added exactly once because each unfolded play is taken exactly once.
    private const string Fold =
        """
        WITH taken AS (
            UPDATE heatmap_daily AS d SET unfolded_plays = NULL
            FROM (
                SELECT video_id, day, second, unfolded_plays FROM heatmap_daily
                WHERE video_id = $1 AND day >= $2 AND day < $3 AND unfolded_plays IS NOT NULL
                ORDER BY day, second
                FOR UPDATE
            ) AS o
            WHERE d.video_id = o.video_id AND d.day = o.day AND d.second = o.second
            RETURNING d.second, d.viewers, o.unfolded_plays
        )
        INSERT INTO heatmap_monthly AS t (video_id, month, second, viewers, plays)
        SELECT $1, $2, second, hll_union_agg(viewers), sum(unfolded_plays)::bigint FROM taken
        GROUP BY second ORDER BY second
        ON CONFLICT (video_id, month, second) DO UPDATE
            SET viewers = t.viewers || EXCLUDED.viewers, plays = t.plays + EXCLUDED.plays
        """;

    // Merges that arrived after the counter was read bumped it: the month stays due.
    private const string Unmark =
        "DELETE FROM heatmap_unfolded_months WHERE video_id = $1 AND month = $2 AND changes = $3";

    private readonly NpgsqlDataSource _dataSource;
    private readonly HeatmapFoldOptions _options;
    private long _monthsFolded;
    private readonly BackgroundRounds _rounds;

    /// <summary>Creates a folder; the first <see cref="FoldDueAsync"/> folds at once.</summary>
    public HeatmapMonthFolder(NpgsqlDataSource dataSource, HeatmapFoldOptions? options = null, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _options = options ?? new HeatmapFoldOptions();
        _options.Validate();
        _dataSource = dataSource;
        _rounds = new BackgroundRounds(_options.Interval, time ?? TimeProvider.System, logger ?? NullLogger.Instance, "Folding heatmap days into their months");
    }

    /// <summary>(Video, month)s folded so far.</summary>
    public long MonthsFolded => Interlocked.Read(ref _monthsFolded);

    /// <summary>Rounds that failed (and were tried again one interval later).</summary>
    public long Failures => _rounds.Failures;

    /// <summary>Folds when the interval since the last round has passed; otherwise does nothing.</summary>
    /// <returns>The number of (video, month)s folded now.</returns>
    public Task<int> FoldDueAsync(CancellationToken ct = default) => _rounds.RunDueAsync(FoldAsync, ct);

    /// <summary>Folds every marked (video, month) now (up to <see cref="HeatmapFoldOptions.MaxMonthsPerRound"/>).</summary>
    /// <returns>The number of (video, month)s folded.</returns>
    public async Task<int> FoldAsync(CancellationToken ct = default)
    {
        var months = new List<(string VideoId, DateOnly Month, long Changes)>();
        await using (var command = _dataSource.CreateCommand(Unfolded))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.MaxMonthsPerRound });
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                months.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt64(2)));
        }

        foreach (var (videoId, month, changes) in months)
        {
            await FoldMonthAsync(videoId, month, changes, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _monthsFolded);
        }
        return months.Count;
    }

    /// <summary>Runs <see cref="FoldDueAsync"/> every interval until cancelled; a failed round is logged and tried again next interval.</summary>
    public Task RunAsync(CancellationToken ct) => _rounds.RunAsync(FoldAsync, ct);

    private async Task FoldMonthAsync(string videoId, DateOnly month, long changes, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var statements = new NpgsqlBatch(connection, transaction);
        var fold = new NpgsqlBatchCommand(Fold);
        fold.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        fold.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
        fold.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month.AddMonths(1) });
        statements.BatchCommands.Add(fold);
        var unmark = new NpgsqlBatchCommand(Unmark);
        unmark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        unmark.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
        unmark.Parameters.Add(new NpgsqlParameter<long> { TypedValue = changes });
        statements.BatchCommands.Add(unmark);
        await statements.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }
}
