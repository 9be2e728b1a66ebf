using StreamAgg.Heatmap;
using StreamAgg.Hll;

namespace StreamAgg.Processor.TestDriver;

/// <summary>
/// Merges heatmap deltas as the sink does in PostgreSQL: per (video, day, second) the union of
/// the viewer sketches and the sum of the plays. Order-free, so deltas of any commits combine.
/// </summary>
public static class HeatmapDeltaMerge
{
    /// <summary>
    /// The merged cells, sorted by video (ordinal), day and second; <c>viewers</c> is the
    /// union's cardinality rounded to an integer (SEMANTICS.md §6).
    /// </summary>
    public static IReadOnlyList<HeatmapRow> Rows(IEnumerable<HeatmapDelta> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var cells = new Dictionary<(string VideoId, DateOnly Day, int Second), (HllSketch Viewers, long Plays)>();
        foreach (HeatmapDelta delta in deltas)
        {
            foreach (HeatmapSecondDelta second in delta.Seconds)
            {
                var cell = (delta.VideoId, delta.Day, second.Second);
                if (cells.TryGetValue(cell, out var merged))
                {
                    merged.Viewers.UnionWith(second.Viewers);
                    cells[cell] = (merged.Viewers, merged.Plays + second.Plays);
                }
                else
                {
                    cells[cell] = (second.Viewers.Clone(), second.Plays);
                }
            }
        }

        return cells
            .OrderBy(c => c.Key.VideoId, StringComparer.Ordinal).ThenBy(c => c.Key.Day).ThenBy(c => c.Key.Second)
            .Select(c => new HeatmapRow(c.Key.VideoId, c.Key.Day, c.Key.Second, (long)Math.Round(c.Value.Viewers.Cardinality()), c.Value.Plays))
            .ToList();
    }
}
