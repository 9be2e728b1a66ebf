using Npgsql;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Sink.Heatmap.Rollups;

/// <summary>
/// The rollups' marker, written by every merge transaction (so exactly once with the sink's
/// offsets): one bump of <c>heatmap_rollup_days.changes</c> per (video, day) the batch touches.
/// A block built before the bump no longer matches its days' counters and is not served
/// (<see cref="HeatmapRollupPlan"/>), until <see cref="HeatmapRollupBuilder"/> rebuilds it.
/// </summary>
internal static class HeatmapRollupMarks
{
    // In key order, like the cells, so two sinks lock the same rows in the same order.
    private const string MarkDays =
        """
        INSERT INTO heatmap_rollup_days AS r (video_id, day)
        SELECT video_id, day FROM unnest($1::text[], $2::date[]) AS x(video_id, day) ORDER BY video_id, day
        ON CONFLICT (video_id, day) DO UPDATE SET changes = r.changes + 1
        """;

    /// <summary>The marker of the (video, day)s the cells touch, one per pair.</summary>
    public static NpgsqlBatchCommand Days(IEnumerable<HeatmapCellKey> cells)
    {
        var days = new HashSet<(string VideoId, DateOnly Day)>();
        foreach (var key in cells)
            days.Add((key.VideoId, key.Day));
        return SinkBatchCommands.Positional(MarkDays, days.Select(d => d.VideoId).ToArray(), days.Select(d => d.Day).ToArray());
    }
}
