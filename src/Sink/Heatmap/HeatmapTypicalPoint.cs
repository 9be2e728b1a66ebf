namespace StreamAgg.Sink.Heatmap;

/// <summary>The typical retention at one relative position of a video.</summary>
/// <param name="Position">Percent of the video's length, 0–100.</param>
/// <param name="Median">The median retention (share of starting viewers) of the similar videos there.</param>
/// <param name="Lower">Their 25th percentile: a quarter of them keep less.</param>
/// <param name="Upper">Their 75th percentile: a quarter of them keep more.</param>
public readonly record struct HeatmapTypicalPoint(int Position, double Median, double Lower, double Upper);
