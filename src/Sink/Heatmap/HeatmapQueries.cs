using Npgsql;
using StreamAgg.Sink.Heatmap.Rollups;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Reads the heatmap back. <see cref="SecondsAsync"/> is the sketch query: per second of a video
/// over any range of days, the viewers (the cardinality of the union of the range's sketches) and
/// the plays, in one SQL statement that takes whole calendar months from <c>heatmap_monthly</c> and
/// only the partial months at the edges from <c>heatmap_daily</c>. <see cref="RollupSecondsAsync"/>
/// gives the same numbers in milliseconds from the rollup blocks (<c>heatmap_rollup</c>).
/// <see cref="AnswerAsync"/> and <see cref="WindowAsync"/> first look for a precomputed standard
/// window of that range (<c>heatmap_window</c>, kept by <see cref="HeatmapWindowRefresher"/>), then
/// ask the rollups, and say which path answered.
/// </summary>
public sealed class HeatmapQueries
{
    /// <summary>How far behind its video's deltas a window may be and still be served, by default.</summary>
    public static readonly TimeSpan DefaultMaxWindowLag = TimeSpan.FromMinutes(5);

    // The window of the range if there is one, with whether deltas arrived since its refresh.
    private const string WindowOfRange =
        """
        SELECT w.window_name, w.from_day, w.to_day, w.changes_seen = v.changes, w.refreshed_at, w.seconds, w.viewers, w.plays
        FROM heatmap_window w JOIN heatmap_videos v ON v.video_id = w.video_id
        WHERE w.video_id = $1 AND w.from_day = $2 AND w.to_day = $3
        ORDER BY w.refreshed_at DESC
        LIMIT 1
        """;

    // The named window as last refreshed, and the video's newest day (for the fallback's range).
    private const string WindowByName =
        """
        SELECT w.window_name, w.from_day, w.to_day, w.changes_seen = v.changes, w.refreshed_at, w.seconds, w.viewers, w.plays, v.newest_day
        FROM heatmap_videos v LEFT JOIN heatmap_window w ON w.video_id = v.video_id AND w.window_name = $2
        WHERE v.video_id = $1
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxWindowLag;

    /// <summary>Creates the queries.</summary>
    /// <param name="dataSource">The database the heatmap sink writes.</param>
    /// <param name="time">The clock a window's age is measured on (default: the system's).</param>
    /// <param name="maxWindowLag">
    /// A window refreshed longer ago than this, with deltas of its video stored since, is not served:
    /// the sketches answer instead. Default <see cref="DefaultMaxWindowLag"/>.
    /// </param>
    public HeatmapQueries(NpgsqlDataSource dataSource, TimeProvider? time = null, TimeSpan? maxWindowLag = null)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _time = time ?? TimeProvider.System;
        _maxWindowLag = maxWindowLag ?? DefaultMaxWindowLag;
        ArgumentOutOfRangeException.ThrowIfLessThan(_maxWindowLag, TimeSpan.Zero, nameof(maxWindowLag));
    }

    /// <summary>
    /// The heatmap of <paramref name="videoId"/> over [<paramref name="from"/>, <paramref name="to"/>]:
    /// from a precomputed window of exactly that range when one is servable (no deltas since its
    /// refresh, or refreshed within the allowed lag), else from the rollups (<see cref="RollupSecondsAsync"/>),
    /// else (a range older than the daily retention) from the sketches.
    /// </summary>
    public async Task<HeatmapAnswer> AnswerAsync(string videoId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        CheckRange(videoId, from, to);
        await using (var command = _dataSource.CreateCommand(WindowOfRange))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false) && Servable(reader) is { } answer)
                return answer with { VideoId = videoId };
        }
        return await UnwindowedAsync(videoId, from, to, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The heatmap of a standard window of <paramref name="videoId"/> (ending at its newest day):
    /// the precomputed one when servable, else the rollups (or sketches) over the window's range as of now.
    /// A video without heatmap rows gets an empty answer over the window ending today.
    /// </summary>
    public async Task<HeatmapAnswer> WindowAsync(string videoId, HeatmapWindow window, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ArgumentNullException.ThrowIfNull(window);
        DateOnly? newestDay = null;
        await using (var command = _dataSource.CreateCommand(WindowByName))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = window.Name });
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                newestDay = reader.GetFieldValue<DateOnly>(8);
                if (!reader.IsDBNull(0) && Servable(reader) is { } answer)
                    return answer with { VideoId = videoId };
            }
        }
        var (from, to) = window.Range(newestDay ?? DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        return await UnwindowedAsync(videoId, from, to, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The fast path for any range: viewers and plays of every second of <paramref name="videoId"/>
    /// between <paramref name="from"/> and <paramref name="to"/> from the rollup blocks
    /// (<c>heatmap_rollup</c>, at most about 2·log2(days) of them) and the daily rows of the days
    /// without a current block (today while deltas arrive, days changed since the last build),
    /// unioned in this process. The same numbers as <see cref="SecondsAsync"/> for the rows stored
    /// now (every delta stored is in it). Null when the range starts before the daily retention (older
    /// days are only in the monthly rollup: ask <see cref="SecondsAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<HeatmapSecond>?> RollupSecondsAsync(string videoId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        CheckRange(videoId, from, to);
        return (await HeatmapRollupQuery.AnswerAsync(_dataSource, videoId, from, to, staleDaysBuiltSince: null, ct).ConfigureAwait(false))?.Seconds;
    }

    /// <summary>
    /// The range from the rollups, serving a day's block that deltas arrived after (today's) when it
    /// was built within the allowed lag, as a window is; from the sketch query when the range starts
    /// before the rollups' horizon.
    /// </summary>
    private async Task<HeatmapAnswer> UnwindowedAsync(string videoId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (await HeatmapRollupQuery.AnswerAsync(_dataSource, videoId, from, to, now - _maxWindowLag, ct).ConfigureAwait(false) is { } rollups)
        {
            return rollups.OldestStaleBuild is { } built
                ? new HeatmapAnswer(videoId, from, to, rollups.Seconds, HeatmapAnswerSource.Rollups, null, built, now - built, Current: false)
                : new HeatmapAnswer(videoId, from, to, rollups.Seconds, HeatmapAnswerSource.Rollups);
        }
        return new HeatmapAnswer(videoId, from, to, await SecondsAsync(videoId, from, to, ct).ConfigureAwait(false), HeatmapAnswerSource.Sketches);
    }

    /// <summary>
    /// Viewers and plays of every second of <paramref name="videoId"/> that anyone watched between
    /// <paramref name="from"/> and <paramref name="to"/> (UTC days, both included), ascending.
    /// Days before the daily retention are only found inside whole months kept by the monthly rollup.
    /// Always the sketches: exact for the rows stored now, whatever the range.
    /// </summary>
    /// <remarks>
    /// With a salt secret the viewer hashes change every day, so over several days "viewers"
    /// counts viewer-days (a person watching on two days counts twice); without one it counts people.
    /// </remarks>
    public async Task<IReadOnlyList<HeatmapSecond>> SecondsAsync(string videoId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        CheckRange(videoId, from, to);
        await using var command = _dataSource.CreateCommand(HeatmapSql.PerSecond);
        HeatmapSql.AddRange(command.Parameters, videoId, from, to);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var seconds = new List<HeatmapSecond>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            seconds.Add(new HeatmapSecond(reader.GetInt32(0), HeatmapSql.Viewers(reader.GetDouble(1)), reader.GetInt64(2)));
        return seconds;
    }

    /// <summary>The retention curve of the range: see <see cref="HeatmapAnalysis.RetentionCurve"/>.</summary>
    public async Task<IReadOnlyList<HeatmapRetentionPoint>> RetentionCurveAsync(string videoId, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        HeatmapAnalysis.RetentionCurve(await SecondsAsync(videoId, from, to, ct).ConfigureAwait(false));

    /// <summary>The largest drop-offs of the range: see <see cref="HeatmapAnalysis.LargestDropoffs"/>.</summary>
    public async Task<IReadOnlyList<HeatmapDropoff>> LargestDropoffsAsync(string videoId, DateOnly from, DateOnly to, int top, int window = 1, CancellationToken ct = default) =>
        HeatmapAnalysis.LargestDropoffs(await SecondsAsync(videoId, from, to, ct).ConfigureAwait(false), top, window);

    /// <summary>The first and last day with daily rows for <paramref name="videoId"/>, or null when it has none.</summary>
    public async Task<(DateOnly First, DateOnly Last)?> DaysAsync(string videoId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        await using var command = _dataSource.CreateCommand(
            "SELECT min(day), max(day) FROM heatmap_daily WHERE video_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false) || reader.IsDBNull(0))
            return null;
        return (reader.GetFieldValue<DateOnly>(0), reader.GetFieldValue<DateOnly>(1));
    }

    private static void CheckRange(string videoId, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        if (to < from)
            throw new ArgumentException($"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        if (to.Year >= 9999)
            throw new ArgumentOutOfRangeException(nameof(to), to, "The range must end before the year 9999.");
    }

    /// <summary>The window on the reader's row as an answer, or null when it is too far behind to serve.</summary>
    private HeatmapAnswer? Servable(NpgsqlDataReader reader)
    {
        var current = reader.GetBoolean(3);
        var refreshedAt = reader.GetFieldValue<DateTimeOffset>(4);
        var age = _time.GetUtcNow() - refreshedAt;
        if (!current && age > _maxWindowLag)
            return null;
        var seconds = reader.GetFieldValue<int[]>(5);
        var viewers = reader.GetFieldValue<double[]>(6);
        var plays = reader.GetFieldValue<long[]>(7);
        var rows = new HeatmapSecond[seconds.Length];
        for (var i = 0; i < rows.Length; i++)
            rows[i] = new HeatmapSecond(seconds[i], HeatmapSql.Viewers(viewers[i]), plays[i]);
        return new HeatmapAnswer("", reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2), rows, HeatmapAnswerSource.Window,
            reader.GetString(0), refreshedAt, age, current);
    }
}
