namespace StreamAgg.Core.Engagement;

/// <summary>The score and tier of SEMANTICS.md §5.</summary>
public static class EngagementScore
{
    /// <summary>
    /// 60·min(1, unique/D) + 25·min(1, maxPosition/D) + 15·min(1, completions), rounded to one
    /// decimal half away from zero.
    /// </summary>
    public static double Compute(double uniqueSeconds, double maxPosition, int completionCount, double duration)
    {
        double raw = (60 * Math.Min(1, uniqueSeconds / duration))
            + (25 * Math.Min(1, maxPosition / duration))
            + (15 * Math.Min(1, completionCount));
        return Round1(raw);
    }

    /// <summary>
    /// Rounds to one decimal, half away from zero. The product by 10 is corrected by one ulp-sized
    /// nudge first, so a value printed as 33.75 (stored as 33.74999…) still rounds up as a person
    /// reading the row expects.
    /// </summary>
    public static double Round1(double value)
    {
        double scaled = value * 10;
        double nudged = Math.Round(scaled, 9);
        return Math.Round(nudged, MidpointRounding.AwayFromZero) / 10;
    }

    /// <summary><c>High</c> ≥ 75, <c>Medium</c> ≥ 50, <c>Low</c> ≥ 25, else <c>Minimal</c>; <c>Unknown</c> without a score.</summary>
    public static string Tier(double? score) => score switch
    {
        null => "Unknown",
        >= 75 => "High",
        >= 50 => "Medium",
        >= 25 => "Low",
        _ => "Minimal",
    };
}
