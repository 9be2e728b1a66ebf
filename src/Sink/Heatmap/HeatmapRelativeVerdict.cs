namespace StreamAgg.Sink.Heatmap;

/// <summary>How a video keeps its audience compared with the typical curve of similar videos.</summary>
public enum HeatmapRelativeVerdict
{
    /// <summary>Above the similar videos' 75th percentile at half the positions or more.</summary>
    AboveTypical,

    /// <summary>Neither above nor below most of the time.</summary>
    Typical,

    /// <summary>Below their 25th percentile at half the positions or more.</summary>
    BelowTypical,

    /// <summary>Too few similar videos (with enough viewers) to say what is typical.</summary>
    NotEnoughVideos,

    /// <summary>The video itself has too few viewers at the start for its curve to mean anything.</summary>
    NotEnoughViewers,
}
