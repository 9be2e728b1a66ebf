namespace StreamAgg.Sink.Reports;

/// <summary>One viewer of <c>report_power_users</c>: someone with at least one High-tier engagement.</summary>
/// <param name="UserId">The viewer.</param>
/// <param name="HighTierVideos">Videos where their engagement tier is High.</param>
/// <param name="VideosWatched">All videos they have an engagement row for.</param>
/// <param name="AvgHighTierScore">Mean engagement score over the High-tier videos.</param>
/// <param name="TotalWatchTime">Seconds credited over all their videos.</param>
/// <param name="Completions">Completed passes over all their videos.</param>
public sealed record PowerUserReportRow(
    string UserId,
    long HighTierVideos,
    long VideosWatched,
    double AvgHighTierScore,
    double TotalWatchTime,
    long Completions);
