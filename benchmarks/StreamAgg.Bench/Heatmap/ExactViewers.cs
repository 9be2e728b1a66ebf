namespace StreamAgg.Bench.Heatmap;

/// <summary>
/// The exact unique viewers of every second over any range of the synthetic audience, counted from
/// the views themselves (no sketch): a viewer watched second s in the range when one of their days in
/// it lasted past s. What the fast path's estimates are measured against.
/// </summary>
internal sealed class ExactViewers
{
    private readonly int _seconds;
    private readonly int _pool;
    private readonly (int User, int LeavesAt)[][] _days;

    public ExactViewers(HeatmapBenchOptions options, Audience audience)
    {
        _seconds = options.Seconds;
        _pool = options.ViewersAtStart * 3;
        _days = [.. audience.Views().GroupBy(v => v.Day).OrderBy(g => g.Key)
            .Select(g => g.Select(v => (int.Parse(v.UserId.AsSpan("user-".Length), provider: null), v.LeavesAt)).ToArray())];
    }

    /// <summary>Viewers per second (index = second) over days <paramref name="first"/> .. <paramref name="last"/> (0-based, included).</summary>
    public long[] Count(int first, int last)
    {
        var longest = new int[_pool];
        for (var d = first; d <= last; d++)
        {
            foreach (var (user, leavesAt) in _days[d])
                longest[user] = Math.Max(longest[user], leavesAt);
        }
        var leaving = new long[_seconds + 1];
        foreach (var watched in longest)
            leaving[watched]++;
        var viewers = new long[_seconds];
        long still = 0;
        for (var s = _seconds - 1; s >= 0; s--)
        {
            still += leaving[s + 1];
            viewers[s] = still;
        }
        return viewers;
    }
}
