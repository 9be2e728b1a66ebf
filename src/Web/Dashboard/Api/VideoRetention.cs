namespace StreamAgg.Web.Dashboard.Api;

/// <summary>Viewers at each second as a percentage of the viewers at the first second watched.</summary>
internal sealed record VideoRetention(int[] Seconds, double[] PercentOfStart);
