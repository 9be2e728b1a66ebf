namespace StreamAgg.Sink.Heatmap;

/// <summary>A point of the retention curve: the viewers at <paramref name="Second"/> as a share of the viewers at the start.</summary>
/// <param name="Second">The whole second of the video.</param>
/// <param name="Share">viewers(second) / viewers(start), 1.0 at the start; may exceed 1 (viewers who skipped the opening).</param>
public readonly record struct HeatmapRetentionPoint(int Second, double Share);
