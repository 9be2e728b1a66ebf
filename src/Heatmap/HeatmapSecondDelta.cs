using StreamAgg.Hll;

namespace StreamAgg.Heatmap;

/// <summary>What one second of a video gained since the previous drain.</summary>
/// <param name="Second">The whole second of the video, from 0.</param>
/// <param name="Plays">Credited intervals added that cover the second.</param>
/// <param name="Viewers">A sketch of only the viewer hashes added since the previous drain; merge it into the stored sketch.</param>
public sealed record HeatmapSecondDelta(int Second, long Plays, HllSketch Viewers);
