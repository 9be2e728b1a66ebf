using Npgsql;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Reads the heatmap back from <c>heatmap_daily</c> and <c>heatmap_monthly</c>: per second of a
/// video over a range of days, the viewers (the cardinality of the union of the range's sketches)
/// and the plays, in one SQL statement that takes whole calendar months from the monthly rollup
/// and only the partial months at the edges from the daily rows.
/// </summary>
public sealed class HeatmapQueries(NpgsqlDataSource dataSource)
{
    // The edges' daily rows and the whole months' rows are unioned per second. Both tables'
    // primary keys lead with (video_id, day|month), so each part is one index range scan.
    internal const string SecondsSql =
        """
        SELECT second, hll_cardinality(hll_union_agg(viewers)), sum(plays)::bigint
        FROM (
            SELECT second, viewers, plays FROM heatmap_monthly
            WHERE video_id = $1 AND month >= $4 AND month < $5
            UNION ALL
            SELECT second, viewers, plays FROM heatmap_daily
            WHERE video_id = $1 AND day BETWEEN $2 AND $3 AND (day < $4 OR day >= $5)
        ) AS cells
        GROUP BY second
        ORDER BY second
        """;

    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    /// <summary>
    /// Viewers and plays of every second of <paramref name="videoId"/> that anyone watched between
    /// <paramref name="from"/> and <paramref name="to"/> (UTC days, both included), ascending.
    /// Days before the daily retention are only found inside whole months kept by the monthly rollup.
    /// </summary>
    /// <remarks>
    /// With a salt secret the viewer hashes change every day, so over several days "viewers"
    /// counts viewer-days (a person watching on two days counts twice); without one it counts people.
    /// </remarks>
    public async Task<IReadOnlyList<HeatmapSecond>> SecondsAsync(string videoId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        if (to < from)
            throw new ArgumentException($"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        if (to.Year >= 9999)
            throw new ArgumentOutOfRangeException(nameof(to), to, "The range must end before the year 9999.");

        var plan = HeatmapRangePlan.For(from, to);
        await using var command = _dataSource.CreateCommand(SecondsSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = plan.From });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = plan.To });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = plan.FullMonthsFrom });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = plan.FullMonthsUntil });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var seconds = new List<HeatmapSecond>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            // Rounded here, not in SQL: round(double precision) rounds half to even.
            var viewers = (long)Math.Round(reader.GetDouble(1), MidpointRounding.AwayFromZero);
            seconds.Add(new HeatmapSecond(reader.GetInt32(0), viewers, reader.GetInt64(2)));
        }
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
}
