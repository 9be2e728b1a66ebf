using Npgsql;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// The sketch query, shared by <see cref="HeatmapQueries"/> (the exact path) and
/// <see cref="HeatmapWindowRefresher"/> (which stores its result for a standard window), so both
/// give the same numbers for the same range and rows.
/// </summary>
internal static class HeatmapSql
{
    /// <summary>
    /// Per second: the cardinality of the union of the range's sketches and the sum of its plays.
    /// Whole months come from <c>heatmap_monthly</c> plus the month's daily rows not folded into it
    /// yet (their whole sketches, a union being idempotent, and only their unfolded plays); the other
    /// days from <c>heatmap_daily</c>. One statement sees one snapshot, and a merge or a fold changes
    /// the daily and monthly rows in one transaction, so the answer is exact whether or not the
    /// months are folded. Both tables' primary keys lead with (video_id, day|month), so each part is
    /// one index range scan. Parameters: see <see cref="AddRange"/>.
    /// </summary>
    public const string PerSecond =
        """
        SELECT second, hll_cardinality(hll_union_agg(viewers)) AS viewers, sum(plays)::bigint AS plays
        FROM (
            SELECT second, viewers, plays FROM heatmap_monthly
            WHERE video_id = $1 AND month >= $4 AND month < $5
            UNION ALL
            SELECT second, viewers, CASE WHEN day >= $4 AND day < $5 THEN unfolded_plays ELSE plays END
            FROM heatmap_daily
            WHERE video_id = $1 AND day BETWEEN $2 AND $3 AND (day < $4 OR day >= $5 OR unfolded_plays IS NOT NULL)
        ) AS cells
        GROUP BY second
        ORDER BY second
        """;

    /// <summary>$1 the video, $2 and $3 the range's first and last day, $4 and $5 its whole months [from, until).</summary>
    public static void AddRange(NpgsqlParameterCollection parameters, string videoId, DateOnly from, DateOnly to)
    {
        var plan = HeatmapRangePlan.For(from, to);
        parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = plan.From });
        parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = plan.To });
        parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = plan.FullMonthsFrom });
        parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = plan.FullMonthsUntil });
    }

    /// <summary>Rounded in C#, not in SQL: round(double precision) rounds half to even.</summary>
    public static long Viewers(double estimate) => (long)Math.Round(estimate, MidpointRounding.AwayFromZero);
}
