namespace StreamAgg.Sink.Heatmap;

/// <summary>A video's retention at one relative position beside the typical one.</summary>
/// <param name="Position">Percent of the video's length, 0–100.</param>
/// <param name="Second">The second of the video at that position.</param>
/// <param name="Share">The video's retention there (viewers there / viewers at the start).</param>
/// <param name="Typical">The typical retention there (median, 25th and 75th percentiles of similar videos).</param>
public readonly record struct HeatmapRelativePoint(int Position, int Second, double Share, HeatmapTypicalPoint Typical);
