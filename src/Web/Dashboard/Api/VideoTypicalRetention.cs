namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// The video's retention beside the typical retention of videos of similar length
/// (<c>HeatmapTypicalRetention</c>). <paramref name="Verdict"/>: <c>aboveTypical</c>, <c>typical</c>,
/// <c>belowTypical</c>, or why there is no comparison (<c>notEnoughVideos</c>: fewer than
/// <paramref name="MinVideos"/> similar videos with enough viewers; <c>notEnoughViewers</c>: the video
/// itself has fewer than <paramref name="MinStartViewers"/> at its start); then <paramref name="Curve"/> is null.
/// </summary>
internal sealed record VideoTypicalRetention(
    string Verdict,
    int LengthSeconds,
    string Bucket,
    int SimilarVideos,
    int MinVideos,
    long MinStartViewers,
    double? AverageDifferencePoints,
    VideoTypicalCurve? Curve);
