using System.Text.Json;
using StreamAgg.Simulator.Workload;

namespace StreamAgg.Simulator.Tests.Support;

/// <summary>A valid generated event, read back with System.Text.Json.</summary>
internal sealed record ParsedEvent(
    RecordedMessage Message,
    string UserId,
    string VideoId,
    string EventName,
    long TimestampMs,
    string TimestampText,
    double CurrentTime,
    string? SessionId,
    string? EventId,
    double? VideoDuration,
    double? PlaybackRate,
    double? FromTime)
{
    public double Rate => PlaybackRate ?? 1;

    public static ParsedEvent Parse(RecordedMessage message)
    {
        using var document = JsonDocument.Parse(message.Value);
        var root = document.RootElement;
        var timestamp = root.GetProperty("timestamp");
        return new ParsedEvent(
            message,
            root.GetProperty("userId").GetString()!,
            root.GetProperty("videoId").GetString()!,
            root.GetProperty("eventName").GetString()!,
            PlayerEventRules.TimestampMs(timestamp)!.Value,
            timestamp.GetRawText(),
            root.GetProperty("currentTime").GetDouble(),
            root.TryGetProperty("sessionId", out var session) ? session.GetString() : null,
            root.TryGetProperty("eventId", out var id) ? id.GetString() : null,
            root.TryGetProperty("videoDuration", out var duration) ? duration.GetDouble() : null,
            root.TryGetProperty("playbackRate", out var rate) ? rate.GetDouble() : null,
            root.TryGetProperty("fromTime", out var from) ? from.GetDouble() : null);
    }

    /// <summary>The valid events of a run (no bad input, no second copies), sorted by key and event time as the processor orders them.</summary>
    public static List<ParsedEvent> ByKeyInEventTime(IEnumerable<RecordedMessage> messages) =>
        messages
            .Where(m => m.Fault is InjectedFault.None or InjectedFault.OutOfOrder)
            .Select(Parse)
            .OrderBy(e => e.UserId, StringComparer.Ordinal)
            .ThenBy(e => e.VideoId, StringComparer.Ordinal)
            .ThenBy(e => e.TimestampMs)
            .ToList();
}
