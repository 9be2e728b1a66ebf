namespace StreamAgg.Core.Engagement;

/// <summary>
/// <see cref="EngagementOptions"/> converted once into the units the hot path compares
/// (milliseconds, seconds), so applying an event does no TimeSpan arithmetic.
/// </summary>
internal readonly struct EngagementRules
{
    public EngagementRules(EngagementOptions options)
    {
        SessionTimeoutMs = (long)options.SessionTimeout.TotalMilliseconds;
        AllowedLatenessMs = (long)options.AllowedLateness.TotalMilliseconds;
        Tolerance = options.ToleranceSeconds;
        CompletionThreshold = options.CompletionThreshold;
        ReplayStart = options.ReplayStartSeconds;
    }

    public long SessionTimeoutMs { get; }

    public long AllowedLatenessMs { get; }

    public double Tolerance { get; }

    public double CompletionThreshold { get; }

    public double ReplayStart { get; }
}
