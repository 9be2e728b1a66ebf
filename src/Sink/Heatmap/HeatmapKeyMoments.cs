namespace StreamAgg.Sink.Heatmap;

/// <summary>The key moments of a heatmap (<see cref="HeatmapMomentFinder"/>).</summary>
/// <param name="StartViewers">Viewers at the start (second 0, or the first second anyone watched).</param>
/// <param name="Enough">False when <paramref name="StartViewers"/> is below the minimum: then nothing is reported.</param>
/// <param name="IntroDrop">The intro drop, when there are enough viewers and the video is longer than one second.</param>
/// <param name="Moments">Dips, rewatches and jump-ins, ordered by second.</param>
public sealed record HeatmapKeyMoments(long StartViewers, bool Enough, HeatmapMoment? IntroDrop, IReadOnlyList<HeatmapMoment> Moments);
