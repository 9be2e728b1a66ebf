namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// What an editor reads off a heatmap: the retention curve and the largest drop-offs. Pure
/// functions of the per-second rows <see cref="HeatmapQueries"/> returns.
/// </summary>
public static class HeatmapAnalysis
{
    /// <summary>
    /// viewers(s) / viewers(start) for every second in <paramref name="seconds"/>, where the start is
    /// the lowest second present (second 0 whenever anyone watched it). Empty when there are no
    /// seconds or the start has no viewers.
    /// </summary>
    public static IReadOnlyList<HeatmapRetentionPoint> RetentionCurve(IReadOnlyList<HeatmapSecond> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        if (seconds.Count == 0 || seconds[0].Viewers == 0)
            return [];
        double start = seconds[0].Viewers;
        return [.. seconds.Select(s => new HeatmapRetentionPoint(s.Second, s.Viewers / start))];
    }

    /// <summary>
    /// The <paramref name="top"/> largest drop-offs: for every second s from the first to the last
    /// present second minus <paramref name="window"/>, the loss viewers(s) − viewers(s + window),
    /// a missing second counting as 0 viewers. Only losses > 0 count; the largest are taken first
    /// and a window overlapping one already taken is skipped, so one cliff is reported once.
    /// Ties go to the earlier second. Ordered by loss, largest first.
    /// </summary>
    /// <param name="seconds">Per-second rows, ascending by second.</param>
    /// <param name="top">How many to return.</param>
    /// <param name="window">Seconds between the two compared points (1 = consecutive seconds).</param>
    public static IReadOnlyList<HeatmapDropoff> LargestDropoffs(IReadOnlyList<HeatmapSecond> seconds, int top, int window = 1)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (seconds.Count == 0 || top == 0)
            return [];

        var viewers = seconds.ToDictionary(s => s.Second, s => s.Viewers);
        var first = seconds[0].Second;
        var last = seconds[^1].Second;
        double start = seconds[0].Viewers;
        var candidates = new List<HeatmapDropoff>();
        for (var s = first; s + window <= last; s++)
        {
            var before = viewers.GetValueOrDefault(s);
            var after = viewers.GetValueOrDefault(s + window);
            if (before > after)
                candidates.Add(new HeatmapDropoff(s, s + window, before, after, start == 0 ? 0 : (before - after) / start));
        }

        var taken = new List<HeatmapDropoff>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Lost).ThenBy(c => c.FromSecond))
        {
            if (taken.Count == top)
                break;
            if (taken.All(t => candidate.ToSecond <= t.FromSecond || candidate.FromSecond >= t.ToSecond))
                taken.Add(candidate);
        }
        return taken;
    }
}
