using StreamAgg.Core.Engagement;

namespace StreamAgg.Sink.Consuming;

/// <summary>
/// What the sink accepts from the <c>engagement</c> topic beyond well-formed JSON: the values the
/// processor can emit (SEMANTICS.md §1 and §5). Anything else was not written by the processor, or
/// was written wrong, and must not reach the reports: it becomes a dead letter instead.
/// </summary>
internal static class EngagementRowCheck
{
    // SEMANTICS.md §1: positions and durations up to 10,000,000 s; event times in 2000–2099.
    private const double MaxPosition = 10_000_000;
    private static readonly long FirstTimestampMs = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long EndTimestampMs = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly string[] Tiers = ["High", "Medium", "Low", "Minimal", "Unknown"];

    /// <summary>What is wrong with the row, for a human; null when the processor could have written it.</summary>
    public static string? Problem(EngagementRow row)
    {
        if (string.IsNullOrEmpty(row.UserId) || string.IsNullOrEmpty(row.VideoId))
            return "userId and videoId must not be empty.";
        if (row.Version < 1)
            return $"version is {row.Version}; the processor numbers a key's rows from 1.";
        if (row.VideoDuration is { } duration && !(duration > 0 && duration <= MaxPosition))
            return $"videoDuration is {duration}; it must be in (0, {MaxPosition}] or null.";
        if (OutOfRange(row.MaxPositionReached, MaxPosition) is { } max)
            return $"maxPositionReached {max}";
        if (OutOfRange(row.UniqueSecondsWatched, MaxPosition) is { } unique)
            return $"uniqueSecondsWatched {unique}";
        if (OutOfRange(row.TotalWatchTime, double.MaxValue) is { } total)
            return $"totalWatchTime {total}";
        if (OutOfRange(row.AvgPausesPerSession, double.MaxValue) is { } pauses)
            return $"avgPausesPerSession {pauses}";
        if (row.WatchPercentage is { } watch && OutOfRange(watch, double.MaxValue) is { } w)
            return $"watchPercentage {w}";
        if (row.UniqueWatchPercentage is { } uniqueWatch && OutOfRange(uniqueWatch, double.MaxValue) is { } u)
            return $"uniqueWatchPercentage {u}";
        // Not capped at 100: the processor does not round percentages, so 100.00000000000001 occurs.
        if (row.CompletionPercentage is { } completion && OutOfRange(completion, double.MaxValue) is { } c)
            return $"completionPercentage {c}";
        // Rounded to one decimal (SEMANTICS.md §5), so 100 exactly at most.
        if (row.EngagementScore is { } score && OutOfRange(score, 100) is { } s)
            return $"engagementScore {s}";
        if (Array.IndexOf(Tiers, row.EngagementTier) < 0)
            return $"engagementTier is \"{row.EngagementTier}\"; it must be one of {string.Join(", ", Tiers)}.";
        if (Negative(row) is { } field)
            return $"{field} is negative.";
        if (row.FirstEventAtMs < FirstTimestampMs || row.LastEventAtMs >= EndTimestampMs || row.FirstEventAtMs > row.LastEventAtMs)
            return $"firstEventAt {Timestamp(row.FirstEventAtMs)} and lastEventAt {Timestamp(row.LastEventAtMs)} must lie in 2000–2099, the first not after the last.";
        return null;
    }

    private static string? OutOfRange(double value, double max) =>
        double.IsFinite(value) && value >= 0 && value <= max ? null : $"is {value}; it must be a finite number in [0, {max}].";

    private static string? Negative(EngagementRow row) =>
        row.SessionCount < 0 ? "sessionCount"
        : row.CompletionCount < 0 ? "completionCount"
        : row.ReplayCount < 0 ? "replayCount"
        : row.TotalPauses < 0 ? "totalPauses"
        : row.TotalForwardSkips < 0 ? "totalForwardSkips"
        : row.TotalBackwardSkips < 0 ? "totalBackwardSkips"
        : row.EventsApplied < 0 ? "eventsApplied"
        : row.LateEventsDropped < 0 ? "lateEventsDropped"
        : row.DuplicateEventsDropped < 0 ? "duplicateEventsDropped"
        : null;

    private static string Timestamp(long ms) =>
        ms >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O", System.Globalization.CultureInfo.InvariantCulture)
            : $"{ms} ms";
}
