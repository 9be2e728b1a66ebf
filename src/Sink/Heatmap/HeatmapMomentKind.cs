namespace StreamAgg.Sink.Heatmap;

/// <summary>What happens at a key moment of a heatmap (docs/heatmap.md, "What editors compare").</summary>
public enum HeatmapMomentKind
{
    /// <summary>The viewers lost in the first seconds (30 by default), at the second they leave fastest.</summary>
    IntroDrop,

    /// <summary>Viewers leave (or skip away) much faster than around it.</summary>
    Dip,

    /// <summary>Plays stand above the unique viewers more than around it: viewers watch it again.</summary>
    Rewatch,

    /// <summary>Viewers arrive mid-video: the audience grows, as when viewers skip to it.</summary>
    JumpIn,
}
