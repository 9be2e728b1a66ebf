namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// Parallel arrays, one entry per percent of the video's length (0–100): the second there, the
/// video's viewers as a percentage of those at its start, and the similar videos' median, 25th and
/// 75th percentiles of the same percentage.
/// </summary>
internal sealed record VideoTypicalCurve(int[] Positions, int[] Seconds, double[] PercentOfStart, double[] TypicalMedian, double[] TypicalLower, double[] TypicalUpper);
