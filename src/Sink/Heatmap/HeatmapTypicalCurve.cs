namespace StreamAgg.Sink.Heatmap;

/// <summary>The typical retention of videos of similar length: per relative position, the median and middle half of their curves.</summary>
/// <param name="Bucket">The length bucket the videos share.</param>
/// <param name="Videos">How many videos it was built from.</param>
/// <param name="Points">One per percent of the length, 0 to 100.</param>
public sealed record HeatmapTypicalCurve(HeatmapLengthBucket Bucket, int Videos, IReadOnlyList<HeatmapTypicalPoint> Points);
