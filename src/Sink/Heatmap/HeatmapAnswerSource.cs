namespace StreamAgg.Sink.Heatmap;

/// <summary>Which path answered a heatmap query.</summary>
public enum HeatmapAnswerSource
{
    /// <summary>The sketches (<c>heatmap_daily</c>, <c>heatmap_monthly</c>): exact for the rows stored now, any range.</summary>
    Sketches,

    /// <summary>A precomputed standard window (<c>heatmap_window</c>), as of its last refresh.</summary>
    Window,

    /// <summary>
    /// The rollup blocks (<c>heatmap_rollup</c>) and the daily rows of days without a current block,
    /// unioned in this process: the sketch query's numbers, for the rows stored now, in milliseconds.
    /// </summary>
    Rollups,
}
