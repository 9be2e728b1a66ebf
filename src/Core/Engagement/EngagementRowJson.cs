using System.Globalization;
using System.Text.Json;

namespace StreamAgg.Core.Engagement;

/// <summary>
/// The JSON form of an <see cref="EngagementRow"/> (SEMANTICS.md §5, §8): camelCase fields in
/// the order of the scenarios' expected-engagement.ndjson, timestamps as ISO-8601 UTC with
/// milliseconds, unknown values as <c>null</c>. Streaming rows add <c>activeSession</c> and
/// <c>version</c>.
/// </summary>
public static class EngagementRowJson
{
    /// <summary>Writes one row as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, EngagementRow row, bool includeStreamingFields)
    {
        writer.WriteStartObject();
        writer.WriteString("userId", row.UserId);
        writer.WriteString("videoId", row.VideoId);
        WriteNullable(writer, "videoTitle", row.VideoTitle);
        WriteNullable(writer, "videoDuration", row.VideoDuration);
        writer.WriteNumber("totalWatchTime", row.TotalWatchTime);
        writer.WriteNumber("uniqueSecondsWatched", row.UniqueSecondsWatched);
        writer.WriteNumber("maxPositionReached", row.MaxPositionReached);
        writer.WriteNumber("sessionCount", row.SessionCount);
        writer.WriteNumber("completionCount", row.CompletionCount);
        writer.WriteNumber("replayCount", row.ReplayCount);
        writer.WriteNumber("totalPauses", row.TotalPauses);
        writer.WriteNumber("avgPausesPerSession", row.AvgPausesPerSession);
        writer.WriteNumber("totalForwardSkips", row.TotalForwardSkips);
        writer.WriteNumber("totalBackwardSkips", row.TotalBackwardSkips);
        writer.WriteNumber("lateEventsDropped", row.LateEventsDropped);
        writer.WriteNumber("duplicateEventsDropped", row.DuplicateEventsDropped);
        writer.WriteNumber("eventsApplied", row.EventsApplied);
        WriteTimestamp(writer, "firstEventAt", row.FirstEventAtMs);
        WriteTimestamp(writer, "lastEventAt", row.LastEventAtMs);
        WriteNullable(writer, "watchPercentage", row.WatchPercentage);
        WriteNullable(writer, "uniqueWatchPercentage", row.UniqueWatchPercentage);
        WriteNullable(writer, "completionPercentage", row.CompletionPercentage);
        WriteNullable(writer, "engagementScore", row.EngagementScore);
        writer.WriteString("engagementTier", row.EngagementTier);
        writer.WriteStartArray("qualityFlags");
        foreach (string flag in row.QualityFlags)
        {
            writer.WriteStringValue(flag);
        }

        writer.WriteEndArray();
        if (includeStreamingFields)
        {
            writer.WriteBoolean("activeSession", row.ActiveSession);
            writer.WriteNumber("version", row.Version);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads one row written by <see cref="Write"/> (or by the reference: field order and unknown
    /// fields do not matter). <c>activeSession</c> and <c>version</c> default to false and 0.
    /// </summary>
    /// <exception cref="JsonException">Not a row object, or a required field is missing.</exception>
    public static EngagementRow Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An engagement row must be a JSON object.");
        }

        var fields = new RowFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            fields.Read(name, ref reader);
        }

        return fields.ToRow();
    }

    /// <summary>Formats Unix milliseconds as <c>2026-11-20T10:00:00.000Z</c>.</summary>
    public static string FormatTimestamp(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteTimestamp(Utf8JsonWriter writer, string name, long unixMs)
    {
        Span<char> text = stackalloc char[24];
        DateTime utc = DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
        utc.TryFormat(text, out int written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..written]);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is double v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
