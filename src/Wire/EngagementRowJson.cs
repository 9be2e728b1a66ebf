using System.Globalization;
using System.Text.Json;

using StreamAgg.Core.Engagement;

namespace StreamAgg.Wire;

/// <summary>
/// The JSON form of an <see cref="EngagementRow"/> (SEMANTICS.md §5, §8): camelCase fields in
/// the order of the scenarios' expected-engagement.ndjson, timestamps as ISO-8601 UTC with
/// milliseconds, unknown values as <c>null</c>. Streaming rows add <c>activeSession</c> and
/// <c>version</c>.
/// </summary>
public static partial class EngagementRowJson
{
    // Property names encoded once: writing a string name escapes and transcodes it every time.
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText VideoId = JsonEncodedText.Encode("videoId");
    private static readonly JsonEncodedText VideoTitle = JsonEncodedText.Encode("videoTitle");
    private static readonly JsonEncodedText VideoDuration = JsonEncodedText.Encode("videoDuration");
    private static readonly JsonEncodedText TotalWatchTime = JsonEncodedText.Encode("totalWatchTime");
    private static readonly JsonEncodedText UniqueSecondsWatched = JsonEncodedText.Encode("uniqueSecondsWatched");
    private static readonly JsonEncodedText MaxPositionReached = JsonEncodedText.Encode("maxPositionReached");
    private static readonly JsonEncodedText SessionCount = JsonEncodedText.Encode("sessionCount");
    private static readonly JsonEncodedText CompletionCount = JsonEncodedText.Encode("completionCount");
    private static readonly JsonEncodedText ReplayCount = JsonEncodedText.Encode("replayCount");
    private static readonly JsonEncodedText TotalPauses = JsonEncodedText.Encode("totalPauses");
    private static readonly JsonEncodedText AvgPausesPerSession = JsonEncodedText.Encode("avgPausesPerSession");
    private static readonly JsonEncodedText TotalForwardSkips = JsonEncodedText.Encode("totalForwardSkips");
    private static readonly JsonEncodedText TotalBackwardSkips = JsonEncodedText.Encode("totalBackwardSkips");
    private static readonly JsonEncodedText LateEventsDropped = JsonEncodedText.Encode("lateEventsDropped");
    private static readonly JsonEncodedText DuplicateEventsDropped = JsonEncodedText.Encode("duplicateEventsDropped");
    private static readonly JsonEncodedText EventsApplied = JsonEncodedText.Encode("eventsApplied");
    private static readonly JsonEncodedText FirstEventAt = JsonEncodedText.Encode("firstEventAt");
    private static readonly JsonEncodedText LastEventAt = JsonEncodedText.Encode("lastEventAt");
    private static readonly JsonEncodedText WatchPercentage = JsonEncodedText.Encode("watchPercentage");
    private static readonly JsonEncodedText UniqueWatchPercentage = JsonEncodedText.Encode("uniqueWatchPercentage");
    private static readonly JsonEncodedText CompletionPercentage = JsonEncodedText.Encode("completionPercentage");
    private static readonly JsonEncodedText EngagementScore = JsonEncodedText.Encode("engagementScore");
    private static readonly JsonEncodedText EngagementTier = JsonEncodedText.Encode("engagementTier");
    private static readonly JsonEncodedText QualityFlags = JsonEncodedText.Encode("qualityFlags");
    private static readonly JsonEncodedText ActiveSession = JsonEncodedText.Encode("activeSession");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");

    // Below 10^15 a whole double's JSON form is its integer digits (from 10^15 on it is 1E+15).
    private const double MaxPlainInteger = 1e15;

    private const int TimestampLength = 24;

    /// <summary>Writes one row as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, EngagementRow row, bool includeStreamingFields)
    {
        writer.WriteStartObject();
        writer.WriteString(UserId, row.UserId);
        writer.WriteString(VideoId, row.VideoId);
        WriteNullable(writer, VideoTitle, row.VideoTitle);
        WriteNullable(writer, VideoDuration, row.VideoDuration);
        WriteDouble(writer, TotalWatchTime, row.TotalWatchTime);
        WriteDouble(writer, UniqueSecondsWatched, row.UniqueSecondsWatched);
        WriteDouble(writer, MaxPositionReached, row.MaxPositionReached);
        writer.WriteNumber(SessionCount, row.SessionCount);
        writer.WriteNumber(CompletionCount, row.CompletionCount);
        writer.WriteNumber(ReplayCount, row.ReplayCount);
        writer.WriteNumber(TotalPauses, row.TotalPauses);
        WriteDouble(writer, AvgPausesPerSession, row.AvgPausesPerSession);
        writer.WriteNumber(TotalForwardSkips, row.TotalForwardSkips);
        writer.WriteNumber(TotalBackwardSkips, row.TotalBackwardSkips);
        writer.WriteNumber(LateEventsDropped, row.LateEventsDropped);
        writer.WriteNumber(DuplicateEventsDropped, row.DuplicateEventsDropped);
        writer.WriteNumber(EventsApplied, row.EventsApplied);
        WriteTimestamp(writer, FirstEventAt, row.FirstEventAtMs);
        WriteTimestamp(writer, LastEventAt, row.LastEventAtMs);
        WriteNullable(writer, WatchPercentage, row.WatchPercentage);
        WriteNullable(writer, UniqueWatchPercentage, row.UniqueWatchPercentage);
        WriteNullable(writer, CompletionPercentage, row.CompletionPercentage);
        WriteNullable(writer, EngagementScore, row.EngagementScore);
        writer.WriteString(EngagementTier, row.EngagementTier);
        writer.WriteStartArray(QualityFlags);
        foreach (string flag in row.QualityFlags)
        {
            writer.WriteStringValue(flag);
        }

        writer.WriteEndArray();
        if (includeStreamingFields)
        {
            writer.WriteBoolean(ActiveSession, row.ActiveSession);
            writer.WriteNumber(Version, row.Version);
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
        // Property names are matched as chars on the stack: a string per name was most of what
        // reading a row allocated (the sink reads every row the processor emits).
        Span<char> name = stackalloc char[RowFields.LongestName];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var known = reader.ValueSpan.Length <= RowFields.LongestName;
            var length = known ? reader.CopyString(name) : 0;
            reader.Read();
            if (known)
            {
                fields.Read(name[..length], ref reader);
            }
            else
            {
                reader.Skip(); // longer than any field of a row, even escaped
            }
        }

        return fields.ToRow();
    }

    /// <summary>Formats Unix milliseconds as <c>2026-11-20T10:00:00.000Z</c>.</summary>
    public static string FormatTimestamp(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteTimestamp(Utf8JsonWriter writer, JsonEncodedText name, long unixMs)
    {
        Span<byte> text = stackalloc byte[TimestampLength];
        FormatTimestampUtf8(text, unixMs);
        writer.WriteString(name, text);
    }

    // yyyy-MM-ddTHH:mm:ss.fffZ by hand: a custom DateTime format string is parsed on every call.
    private static void FormatTimestampUtf8(Span<byte> text, long unixMs)
    {
        DateTime utc = DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
        Digits(text[..4], utc.Year);
        text[4] = (byte)'-';
        Digits(text.Slice(5, 2), utc.Month);
        text[7] = (byte)'-';
        Digits(text.Slice(8, 2), utc.Day);
        text[10] = (byte)'T';
        Digits(text.Slice(11, 2), utc.Hour);
        text[13] = (byte)':';
        Digits(text.Slice(14, 2), utc.Minute);
        text[16] = (byte)':';
        Digits(text.Slice(17, 2), utc.Second);
        text[19] = (byte)'.';
        Digits(text.Slice(20, 3), utc.Millisecond);
        text[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        // Whole numbers (most counts of seconds) skip the shortest-round-trip formatting; -0
        // keeps it, as it prints as "-0".
        if (Math.Abs(value) < MaxPlainInteger && value == Math.Floor(value) && !double.IsNegative(value))
        {
            writer.WriteNumber(name, (long)value);
        }
        else
        {
            writer.WriteNumber(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, JsonEncodedText name, string? value)
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

    private static void WriteNullable(Utf8JsonWriter writer, JsonEncodedText name, double? value)
    {
        if (value is double v)
        {
            WriteDouble(writer, name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
