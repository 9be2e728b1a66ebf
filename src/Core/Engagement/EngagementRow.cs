namespace StreamAgg.Core.Engagement;

/// <summary>
/// One engagement row per (user, video): SEMANTICS.md §5. Percentages, score are null when the
/// duration is unknown. Streaming rows also carry <see cref="ActiveSession"/> and
/// <see cref="Version"/> (grows with every update of the key; consumers keep the newest).
/// </summary>
public sealed record EngagementRow
{
    public required string UserId { get; init; }
    public required string VideoId { get; init; }
    public string? VideoTitle { get; init; }
    public double? VideoDuration { get; init; }
    public double TotalWatchTime { get; init; }
    public double UniqueSecondsWatched { get; init; }
    public double MaxPositionReached { get; init; }
    public double? WatchPercentage { get; init; }
    public double? UniqueWatchPercentage { get; init; }
    public double? CompletionPercentage { get; init; }
    public int SessionCount { get; init; }
    public int CompletionCount { get; init; }
    public int ReplayCount { get; init; }
    public int TotalPauses { get; init; }
    public double AvgPausesPerSession { get; init; }
    public int TotalForwardSkips { get; init; }
    public int TotalBackwardSkips { get; init; }
    public double? EngagementScore { get; init; }
    /// <summary><c>High</c>, <c>Medium</c>, <c>Low</c>, <c>Minimal</c> or <c>Unknown</c>.</summary>
    public required string EngagementTier { get; init; }
    public int EventsApplied { get; init; }
    public int LateEventsDropped { get; init; }
    public int DuplicateEventsDropped { get; init; }
    /// <summary>Earliest applied event time, Unix epoch milliseconds UTC.</summary>
    public long FirstEventAtMs { get; init; }
    /// <summary>Latest applied event time, Unix epoch milliseconds UTC.</summary>
    public long LastEventAtMs { get; init; }
    /// <summary>Sorted subset of missing_duration, position_beyond_duration, late_events_dropped, duplicates_dropped.</summary>
    public required IReadOnlyList<string> QualityFlags { get; init; }
    /// <summary>Streaming only: whether the key's latest session is still open.</summary>
    public bool ActiveSession { get; init; }
    /// <summary>Streaming only: grows with every update of the key.</summary>
    public long Version { get; init; }
}
