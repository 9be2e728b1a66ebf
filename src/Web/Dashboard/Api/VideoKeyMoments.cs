namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// The key moments of the range's heatmap (<c>HeatmapMomentFinder</c>): the intro drop first, then
/// dips, rewatches and jump-ins by second; empty with <paramref name="Reason"/> <c>notEnoughViewers</c>
/// when fewer than <paramref name="MinStartViewers"/> watched the start.
/// </summary>
internal sealed record VideoKeyMoments(long StartViewers, long MinStartViewers, int IntroSeconds, string? Reason, IReadOnlyList<VideoMoment> Moments);
