using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Keeps <c>heatmap_window</c> up to date: at most once per <see cref="HeatmapWindowOptions.RefreshInterval"/>,
/// every video whose rows changed since its last refresh (the heatmap sink bumps
/// <c>heatmap_videos.changes</c> in each merge transaction) gets each standard window recomputed
/// with the sketch query, one statement per window, in a transaction of its own: never inside a
/// merge, so merges are not slowed. The heatmap sink runs one beside its consume loop.
/// </summary>
public sealed class HeatmapWindowRefresher
{
    private const string Unrefreshed =
        """
        SELECT video_id, newest_day, changes FROM heatmap_videos
        WHERE changes <> refreshed_changes
        ORDER BY changed_at
        LIMIT $1
        """;

    // $1..$5 the range (HeatmapSql.AddRange), $6 the window, $7 the video's change counter read
    // before the data, $8 the refresher's clock. An empty range stores empty arrays.
    private static readonly string Refresh =
        $"""
        INSERT INTO heatmap_window AS w (video_id, window_name, from_day, to_day, changes_seen, refreshed_at, seconds, viewers, plays)
        SELECT $1, $6, $2, $3, $7, $8,
               coalesce(array_agg(s.second ORDER BY s.second), ARRAY[]::integer[]),
               coalesce(array_agg(s.viewers ORDER BY s.second), ARRAY[]::double precision[]),
               coalesce(array_agg(s.plays ORDER BY s.second), ARRAY[]::bigint[])
        FROM ({HeatmapSql.PerSecond}) AS s
        ON CONFLICT (video_id, window_name) DO UPDATE
            SET from_day = EXCLUDED.from_day, to_day = EXCLUDED.to_day, changes_seen = EXCLUDED.changes_seen,
                refreshed_at = EXCLUDED.refreshed_at, seconds = EXCLUDED.seconds, viewers = EXCLUDED.viewers, plays = EXCLUDED.plays
        """;

    // Deltas merged after the counter was read stay unrefreshed: the next round sees them.
    private const string MarkRefreshed =
        "UPDATE heatmap_videos SET refreshed_changes = $2 WHERE video_id = $1 AND refreshed_changes < $2";

    private readonly NpgsqlDataSource _dataSource;
    private readonly HeatmapWindowOptions _options;
    private readonly TimeProvider _time;
    private long _videosRefreshed;
    private readonly BackgroundRounds _rounds;

    /// <summary>Creates a refresher; the first <see cref="RefreshDueAsync"/> refreshes at once.</summary>
    public HeatmapWindowRefresher(NpgsqlDataSource dataSource, HeatmapWindowOptions? options = null, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _options = options ?? new HeatmapWindowOptions();
        _options.Validate();
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
        _rounds = new BackgroundRounds(_options.RefreshInterval, _time, logger ?? NullLogger.Instance, "Refreshing the heatmap windows");
    }

    /// <summary>Videos whose windows were recomputed so far.</summary>
    public long VideosRefreshed => Interlocked.Read(ref _videosRefreshed);

    /// <summary>Refresh rounds that failed (and were tried again one interval later).</summary>
    public long Failures => _rounds.Failures;

    /// <summary>Refreshes when the interval since the last round has passed; otherwise does nothing.</summary>
    /// <returns>The number of videos refreshed now.</returns>
    public Task<int> RefreshDueAsync(CancellationToken ct = default) => _rounds.RunDueAsync(RefreshAsync, ct);

    /// <summary>Refreshes every changed video now (up to <see cref="HeatmapWindowOptions.MaxVideosPerRefresh"/>).</summary>
    /// <returns>The number of videos refreshed.</returns>
    public async Task<int> RefreshAsync(CancellationToken ct = default)
    {
        if (_options.Windows.Count == 0)
            return 0;
        var videos = new List<(string VideoId, DateOnly NewestDay, long Changes)>();
        await using (var command = _dataSource.CreateCommand(Unrefreshed))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _options.MaxVideosPerRefresh });
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                videos.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt64(2)));
        }

        foreach (var (videoId, newestDay, changes) in videos)
            await RefreshVideoAsync(videoId, newestDay, changes, ct).ConfigureAwait(false);
        Interlocked.Add(ref _videosRefreshed, videos.Count);
        return videos.Count;
    }

    /// <summary>Runs <see cref="RefreshDueAsync"/> every interval until cancelled; a failed round is logged and tried again next interval.</summary>
    public Task RunAsync(CancellationToken ct) => _rounds.RunAsync(RefreshAsync, ct);

    private async Task RefreshVideoAsync(string videoId, DateOnly newestDay, long changes, CancellationToken ct)
    {
        var refreshedAt = _time.GetUtcNow();
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var statements = new NpgsqlBatch(connection, transaction);
        foreach (var window in _options.Windows)
        {
            var (from, to) = window.Range(newestDay);
            var command = new NpgsqlBatchCommand(Refresh);
            HeatmapSql.AddRange(command.Parameters, videoId, from, to);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = window.Name });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = changes });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = refreshedAt });
            statements.BatchCommands.Add(command);
        }
        var mark = new NpgsqlBatchCommand(MarkRefreshed);
        mark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        mark.Parameters.Add(new NpgsqlParameter<long> { TypedValue = changes });
        statements.BatchCommands.Add(mark);
        await statements.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }
}
