namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// Of the viewers with a known duration: how many started, reached 25, 50 and 75 % of the video
/// (their furthest position), and completed it (at least one completion).
/// </summary>
internal sealed record CompletionFunnel(long Started, long Reached25Percent, long Reached50Percent, long Reached75Percent, long Completed);
