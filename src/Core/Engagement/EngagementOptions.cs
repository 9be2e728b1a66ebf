namespace StreamAgg.Core.Engagement;

/// <summary>The tunable rules of SEMANTICS.md §7, with its defaults.</summary>
public sealed record EngagementOptions
{
    /// <summary>A gap longer than this between two events of a key starts a new session.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>Seconds of playhead movement that time does not explain but we still accept.</summary>
    public double ToleranceSeconds { get; init; } = 2;

    /// <summary>Fraction of the duration a pass must reach to count as a completion.</summary>
    public double CompletionThreshold { get; init; } = 0.95;

    /// <summary>A play at or before this position after a completion starts a replay.</summary>
    public double ReplayStartSeconds { get; init; } = 5;

    /// <summary>How far behind a key's newest event an event may arrive and still be applied.</summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The defaults of SEMANTICS.md §7.</summary>
    public static EngagementOptions Default { get; } = new();
}
