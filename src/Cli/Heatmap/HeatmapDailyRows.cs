using StreamAgg.Heatmap;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Cli.Heatmap;

/// <summary>
/// The rows of <c>heatmap --csv</c>: one per (day, second) watched in the range, each day from its
/// own sketches, so a row means what a row of the batch heatmap file means (SEMANTICS §8) and
/// the two files compare line for line. Viewers of a multi-day range are not a sum of days (one
/// person on two days is one viewer), which is why the rows stay per day and the range's own
/// union is left to the report and the chart.
/// </summary>
internal static class HeatmapDailyRows
{
    /// <summary>
    /// Rows of the days of [<paramref name="from"/>, <paramref name="to"/>] that still have daily
    /// rows (days past the daily retention live only in their month's rollup and give none),
    /// sorted by day and second.
    /// </summary>
    public static async Task<IReadOnlyList<HeatmapRow>> ReadAsync(HeatmapQueries queries, string videoId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = new List<HeatmapRow>();
        if (await queries.DaysAsync(videoId, ct) is not { } stored)
            return rows;
        var first = from > stored.First ? from : stored.First;
        var last = to < stored.Last ? to : stored.Last;
        // One query per day over that one day: the day's rollup block (or its rows, when it changed
        // since), the same numbers as the sketch query, which answers days before the rollups' horizon.
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var seconds = await queries.RollupSecondsAsync(videoId, day, day, ct) ?? await queries.SecondsAsync(videoId, day, day, ct);
            foreach (var second in seconds)
                rows.Add(new HeatmapRow(videoId, day, second.Second, second.Viewers, second.Plays));
        }
        return rows;
    }
}
