namespace StreamAgg.Heatmap;

/// <summary>One line of the heatmap (SEMANTICS §6): distinct viewers and plays of one second of a video on one UTC day.</summary>
/// <param name="VideoId">The video.</param>
/// <param name="Day">The UTC day the credited intervals started on.</param>
/// <param name="Second">The whole second of the video, from 0.</param>
/// <param name="Viewers">The sketch's cardinality rounded to an integer (exact up to 1280 viewers).</param>
/// <param name="Plays">Credited intervals covering the second, rewatches included.</param>
public readonly record struct HeatmapRow(string VideoId, DateOnly Day, int Second, long Viewers, long Plays);
