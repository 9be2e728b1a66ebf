namespace StreamAgg.Sink.Reports;

/// <summary>One video of <c>report_top_videos</c>.</summary>
/// <param name="VideoId">The video.</param>
/// <param name="VideoTitle">Its latest known title, if any.</param>
/// <param name="UniqueViewers">Viewers (one engagement row each).</param>
/// <param name="AvgWatchPercentage">Mean watch percentage over viewers with a known duration; null if none.</param>
/// <param name="AvgCompletionPercentage">Mean completion percentage over viewers with a known duration; null if none.</param>
/// <param name="Completions">Completed passes, replays included.</param>
/// <param name="ViewersCompleted">Viewers with at least one completion.</param>
/// <param name="TotalWatchTime">Seconds credited to all viewers.</param>
public sealed record TopVideoReportRow(
    string VideoId,
    string? VideoTitle,
    long UniqueViewers,
    double? AvgWatchPercentage,
    double? AvgCompletionPercentage,
    long Completions,
    long ViewersCompleted,
    double TotalWatchTime);
