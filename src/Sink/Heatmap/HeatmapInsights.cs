namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// What an editor compares for one video over a range, in a form an API can serve as it is (JSON):
/// its key moments and its retention relative to similar videos (docs/heatmap.md, "What editors compare").
/// </summary>
/// <param name="VideoId">The video.</param>
/// <param name="From">First UTC day of the range.</param>
/// <param name="To">Last UTC day of the range.</param>
/// <param name="Moments">The intro drop, dips, rewatches and jump-ins.</param>
/// <param name="Retention">The retention beside the typical curve of videos of similar length.</param>
public sealed record HeatmapInsights(string VideoId, DateOnly From, DateOnly To, HeatmapKeyMoments Moments, HeatmapRelativeRetention Retention);
