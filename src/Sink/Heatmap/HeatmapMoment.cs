namespace StreamAgg.Sink.Heatmap;

/// <summary>A key moment of a heatmap: where it is and how large its effect is.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Second">The second of the largest effect: for a dip or the intro drop, the first second without the viewers who left; for a jump-in, the first with those who arrived; for a rewatch, the second watched again most.</param>
/// <param name="FromSecond">The first second of the moment.</param>
/// <param name="ToSecond">The last second of the moment.</param>
/// <param name="Size">Viewers lost (dip, intro drop) or gained (jump-in) beyond the usual, or plays beyond the unique viewers and beyond the usual (rewatch).</param>
/// <param name="Share"><paramref name="Size"/> as a share of the viewers at the start of the video.</param>
/// <param name="Viewers">Viewers at <paramref name="Second"/>.</param>
public sealed record HeatmapMoment(HeatmapMomentKind Kind, int Second, int FromSecond, int ToSecond, long Size, double Share, long Viewers);
