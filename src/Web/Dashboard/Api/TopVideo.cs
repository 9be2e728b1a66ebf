namespace StreamAgg.Web.Dashboard.Api;

/// <summary>A video of the range: viewers active in it, their average watch and completion percentages, and how many are watching now.</summary>
internal sealed record TopVideo(
    string VideoId,
    string? Title,
    double? DurationSeconds,
    long UniqueViewers,
    double? AvgWatchPercentage,
    double? AvgCompletionPercentage,
    long WatchingNow);
