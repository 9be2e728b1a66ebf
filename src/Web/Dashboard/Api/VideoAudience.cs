namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// The engagement rows of viewers active in the range (a row counts when its first and last event
/// bracket any part of the range; its numbers are the row's, over all its sessions).
/// </summary>
internal sealed record VideoAudience(
    long Viewers,
    long WatchingNow,
    double? AvgWatchPercentage,
    double? AvgCompletionPercentage,
    EngagementTiers Tiers,
    CompletionFunnel Funnel);
