namespace StreamAgg.Web.Dashboard.Api;

/// <summary>Per second watched: unique viewers (HyperLogLog, exact up to 1280) and plays (rewatches included).</summary>
internal sealed record VideoHeatmap(int[] Seconds, long[] Viewers, long[] Plays);
