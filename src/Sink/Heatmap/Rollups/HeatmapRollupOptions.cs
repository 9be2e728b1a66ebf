namespace StreamAgg.Sink.Heatmap.Rollups;

/// <summary>How often the heatmap sink rebuilds the rollup blocks of changed days (<see cref="HeatmapRollupBuilder"/>).</summary>
public sealed record HeatmapRollupOptions
{
    /// <summary>
    /// Blocks of changed days are rebuilt at most this often. Queries are exact either way: a block
    /// whose days changed is not served (its halves, down to the days' own rows, answer instead).
    /// </summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many videos are rebuilt per round; the rest wait for the next round.</summary>
    public int MaxVideosPerRound { get; init; } = 1_000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Interval, TimeSpan.Zero, nameof(Interval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxVideosPerRound, 1, nameof(MaxVideosPerRound));
    }
}
