namespace StreamAgg.Web.Dashboard.Api;

/// <summary>Viewers lost between two seconds, largest first.</summary>
internal sealed record VideoDropoff(int FromSecond, int ToSecond, long ViewersBefore, long ViewersAfter, long ViewersLost, double PercentOfStart);
