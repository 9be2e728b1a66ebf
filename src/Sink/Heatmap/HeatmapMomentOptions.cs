namespace StreamAgg.Sink.Heatmap;

/// <summary>The thresholds of <see cref="HeatmapMomentFinder"/>: what counts as a moment rather than noise.</summary>
public sealed record HeatmapMomentOptions
{
    /// <summary>The intro: the first this many seconds (default 30), summed up as one intro drop.</summary>
    public int IntroSeconds { get; init; } = 30;

    /// <summary>Below this many viewers at the start no moment is reported (default 50): a few viewers' whims are not moments.</summary>
    public long MinStartViewers { get; init; } = 50;

    /// <summary>An effect smaller than this share of the viewers at the start is not a moment (default 0.02, 2 %).</summary>
    public double MinShare { get; init; } = 0.02;

    /// <summary>An effect must also exceed this many standard deviations of the usual count around it (Poisson: √usual; default 3).</summary>
    public double NoiseSigmas { get; init; } = 3;

    /// <summary>"Around it": the usual count is the median over this many seconds either side (default 30).</summary>
    public int BaselineRadius { get; init; } = 30;

    /// <summary>At most this many moments of each kind, the largest (default 5).</summary>
    public int MaxPerKind { get; init; } = 5;

    /// <summary>Seconds past this are not analysed (default 2 days of video), so a stray far position cannot make the analysis huge.</summary>
    public int MaxSeconds { get; init; } = 172_800;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntroSeconds, nameof(IntroSeconds));
        ArgumentOutOfRangeException.ThrowIfNegative(MinStartViewers, nameof(MinStartViewers));
        ArgumentOutOfRangeException.ThrowIfNegative(MinShare, nameof(MinShare));
        ArgumentOutOfRangeException.ThrowIfNegative(NoiseSigmas, nameof(NoiseSigmas));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaselineRadius, 1, nameof(BaselineRadius));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxPerKind, nameof(MaxPerKind));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSeconds, 1, nameof(MaxSeconds));
    }
}
