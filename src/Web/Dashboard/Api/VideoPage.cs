namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// <c>GET /api/videos/{videoId}</c>: everything the video page shows for one range of UTC days
/// (docs/api.md describes every field). Arrays are parallel and ascending by second.
/// </summary>
internal sealed record VideoPage(
    string VideoId,
    string? Title,
    double? DurationSeconds,
    VideoPageRange Range,
    VideoHeatmap Heatmap,
    VideoRetention Retention,
    IReadOnlyList<VideoDropoff> Dropoffs,
    VideoInsights Insights,
    VideoAudience Audience,
    DateTimeOffset GeneratedAt);
