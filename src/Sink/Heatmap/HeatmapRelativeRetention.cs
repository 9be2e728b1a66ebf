namespace StreamAgg.Sink.Heatmap;

/// <summary>A video's retention relative to the typical curve of videos of similar length (YouTube's "typical retention").</summary>
/// <param name="LengthSeconds">The video's length the comparison used.</param>
/// <param name="Bucket">Its length bucket.</param>
/// <param name="SimilarVideos">Videos of that bucket with enough viewers that the typical curve was (or would be) built from.</param>
/// <param name="MinVideos">The fewest similar videos a typical curve needs.</param>
/// <param name="Verdict">Above, typical, below, or why there is no comparison.</param>
/// <param name="AverageDifference">The mean of (video − typical median) over the positions after 0, as a share of starting viewers; null without a comparison.</param>
/// <param name="Points">Per percent of the length, the video beside the typical curve; empty without a comparison.</param>
public sealed record HeatmapRelativeRetention(
    int LengthSeconds,
    HeatmapLengthBucket Bucket,
    int SimilarVideos,
    int MinVideos,
    HeatmapRelativeVerdict Verdict,
    double? AverageDifference,
    IReadOnlyList<HeatmapRelativePoint> Points);
