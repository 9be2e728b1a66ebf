using StreamAgg.Core.Engagement;

namespace StreamAgg.Integration.Tests.Sink;

/// <summary>Engagement rows for tests: a plausible row, varied by the arguments.</summary>
internal static class TestRows
{
    public static readonly long T0 = DateTimeOffset.Parse("2026-11-20T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    public static EngagementRow Row(
        string user,
        string video,
        long version = 1,
        double? duration = 300,
        double maxPosition = 300,
        int completions = 1,
        double watched = 300,
        string? tier = null,
        double? score = null,
        string? title = "Intro to Streams")
    {
        double? Percent(double value) => duration is { } d ? Math.Round(100 * value / d, 1) : null;
        return new EngagementRow
        {
            UserId = user,
            VideoId = video,
            VideoTitle = title,
            VideoDuration = duration,
            TotalWatchTime = watched,
            UniqueSecondsWatched = Math.Min(watched, maxPosition),
            MaxPositionReached = maxPosition,
            WatchPercentage = Percent(watched),
            UniqueWatchPercentage = Percent(Math.Min(watched, maxPosition)),
            CompletionPercentage = duration is { } dd ? Percent(Math.Min(maxPosition, dd)) : null,
            SessionCount = 1,
            CompletionCount = completions,
            ReplayCount = 0,
            TotalPauses = 2,
            AvgPausesPerSession = 2,
            TotalForwardSkips = 0,
            TotalBackwardSkips = 1,
            EngagementScore = duration is null ? null : score ?? 100,
            EngagementTier = duration is null ? "Unknown" : tier ?? "High",
            EventsApplied = 3,
            LateEventsDropped = 0,
            DuplicateEventsDropped = 0,
            FirstEventAtMs = T0,
            LastEventAtMs = T0 + 300_000 + version,
            QualityFlags = duration is null ? ["missing_duration"] : [],
            ActiveSession = false,
            Version = version,
        };
    }
}
