using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>Builds player events for the engagement tests: times in seconds after a fixed origin.</summary>
internal static class TestEvents
{
    /// <summary>2026-11-20T10:00:00Z.</summary>
    public const long OriginMs = 1795168800000;

    public static PlayerEvent At(
        double seconds,
        PlayerEventKind kind,
        double currentTime,
        string user = "peter",
        string video = "video_001",
        string? session = "s1",
        double? rate = null,
        double? fromTime = null,
        double? duration = null,
        string? title = null,
        ulong? eventId = null) => new()
    {
        UserId = user,
        VideoId = video,
        Kind = kind,
        TimestampMs = OriginMs + (long)Math.Round(seconds * 1000),
        CurrentTime = currentTime,
        SessionId = session,
        PlaybackRate = rate,
        FromTime = fromTime,
        VideoDuration = duration,
        VideoTitle = title,
        HasEventId = eventId.HasValue,
        EventIdHash = eventId ?? 0,
    };

    public static PlayerEvent Play(double s, double pos, double? rate = null) => At(s, PlayerEventKind.Play, pos, rate: rate);

    public static PlayerEvent Pause(double s, double pos) => At(s, PlayerEventKind.Pause, pos);

    public static PlayerEvent Resume(double s, double pos, double? rate = null) => At(s, PlayerEventKind.Resume, pos, rate: rate);

    public static PlayerEvent Heartbeat(double s, double pos, double? rate = null) => At(s, PlayerEventKind.Heartbeat, pos, rate: rate);

    public static PlayerEvent Seek(double s, double pos, double? from = null) => At(s, PlayerEventKind.Seek, pos, fromTime: from);

    public static PlayerEvent End(double s, double pos) => At(s, PlayerEventKind.End, pos);

    public static EngagementKey Key => new("peter", "video_001");
}
