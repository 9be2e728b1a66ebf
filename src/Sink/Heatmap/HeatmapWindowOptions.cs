namespace StreamAgg.Sink.Heatmap;

/// <summary>Which standard windows the heatmap sink precomputes, and how often.</summary>
public sealed record HeatmapWindowOptions
{
    /// <summary>The windows kept per video (default: last 7, 28 and 90 days). Empty: none are kept.</summary>
    public IReadOnlyList<HeatmapWindow> Windows { get; init; } = HeatmapWindow.Standard;

    /// <summary>
    /// A video's windows are recomputed at most this often, and only when deltas arrived since;
    /// so they lag its newest deltas by up to about this long.
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many videos are refreshed per round, the longest waiting first; the rest wait for the next round.</summary>
    public int MaxVideosPerRefresh { get; init; } = 1_000;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Windows);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RefreshInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxVideosPerRefresh, 1);
        if (Windows.Select(w => w.Name).Distinct(StringComparer.Ordinal).Count() != Windows.Count)
            throw new ArgumentException("Each window may be listed once.", nameof(Windows));
    }
}
