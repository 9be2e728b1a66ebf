using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamAgg.Simulator.Tests.Support;

/// <summary>
/// SEMANTICS.md §1 written down independently of the simulator: the dead-letter reason of a raw
/// input (checked in the documented order), or null when it is a valid player event.
/// </summary>
internal static partial class PlayerEventRules
{
    public static readonly string[] EventNames =
        ["video_play", "video_pause", "video_resume", "video_seek", "video_heartbeat", "video_end"];

    public static string? DeadLetterReason(byte[] raw)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw);
        }
        catch (JsonException)
        {
            return "invalid_json";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return "invalid_json";
            if (!NonEmptyString(root, "userId") || !NonEmptyString(root, "videoId")
                || !root.TryGetProperty("eventName", out var name) || !root.TryGetProperty("timestamp", out var timestamp)
                || !root.TryGetProperty("currentTime", out var currentTime))
                return "missing_field";
            if (name.ValueKind != JsonValueKind.String || Array.IndexOf(EventNames, name.GetString()) < 0)
                return "unknown_event";
            if (TimestampMs(timestamp) is null)
                return "bad_timestamp";
            if (currentTime.ValueKind != JsonValueKind.Number || !(currentTime.GetDouble() >= 0))
                return "bad_position";
            if (!OptionalString(root, "sessionId") || !OptionalString(root, "eventId") || !OptionalString(root, "videoTitle")
                || !OptionalNumber(root, "videoDuration", d => d > 0)
                || !OptionalNumber(root, "playbackRate", r => r > 0 && r <= 16)
                || !OptionalNumber(root, "fromTime", f => f >= 0))
                return "bad_field";
            return null;
        }
    }

    /// <summary>Epoch milliseconds of a valid timestamp (ISO-8601 with a zone, or integer epoch ms), else null.</summary>
    public static long? TimestampMs(JsonElement timestamp)
    {
        if (timestamp.ValueKind == JsonValueKind.Number)
            return timestamp.TryGetInt64(out long ms) ? ms : null;
        if (timestamp.ValueKind != JsonValueKind.String)
            return null;
        string text = timestamp.GetString()!;
        if (!IsoWithZone().IsMatch(text))
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToUnixTimeMilliseconds()
            : null;
    }

    private static bool NonEmptyString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;

    private static bool OptionalString(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.String;

    private static bool OptionalNumber(JsonElement root, string name, Func<double, bool> inRange) =>
        !root.TryGetProperty(name, out var value) || (value.ValueKind == JsonValueKind.Number && inRange(value.GetDouble()));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoWithZone();
}
