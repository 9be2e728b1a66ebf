namespace StreamAgg.Sink.Heatmap;

/// <summary>One second of a video over a range of days.</summary>
/// <param name="Second">The whole second of the video, from 0.</param>
/// <param name="Viewers">The cardinality of the union of the range's sketches, rounded half away from zero (exact up to 1280).</param>
/// <param name="Plays">Credited intervals covering the second in the range, rewatches included.</param>
public readonly record struct HeatmapSecond(int Second, long Viewers, long Plays);
