namespace StreamAgg.Core.Engagement;

/// <summary>
/// A stretch of video a viewer watched, <c>[Start, End)</c> in seconds (SEMANTICS.md §4a), with
/// the event time it was credited from (the heatmap day is the UTC date of
/// <see cref="CreditedFromMs"/>, §6). Reported only once it is final (§2, §6).
/// </summary>
/// <param name="Start">Start position in seconds, inclusive.</param>
/// <param name="End">End position in seconds, exclusive; greater than <paramref name="Start"/>.</param>
/// <param name="CreditedFromMs">The time <c>t</c> the interval was credited from, Unix epoch milliseconds UTC.</param>
public readonly record struct CreditedInterval(double Start, double End, long CreditedFromMs)
{
    /// <summary>Seconds credited.</summary>
    public double Length => End - Start;
}
