using System.Text.Json;
using System.Text.Unicode;
using StreamAgg.Core.Events;

namespace StreamAgg.Core.Videos;

/// <summary>
/// Parses one video metadata record, <c>{"videoId": "...", "title": "...", "duration": 300}</c>,
/// from UTF-8 JSON. Metadata is rare next to events, so this allocates freely. The rules match
/// the event parser's: <c>null</c> means absent, the last of repeated keys wins, unknown fields
/// are ignored, a leading byte order mark is skipped.
/// </summary>
public static class VideoMetadataParser
{
    // The same bound as events (SEMANTICS.md §1): deeper than 64 levels is invalid JSON.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = PlayerEventLimits.MaxNestingDepth };

    /// <summary>
    /// Parses <paramref name="utf8Json"/>; returns <see cref="VideoMetadataError.None"/> and the
    /// metadata, or the first failing check and null. Never throws for any input.
    /// </summary>
    public static VideoMetadataError TryParse(ReadOnlySpan<byte> utf8Json, out VideoMetadata? metadata)
    {
        metadata = null;
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        Fields fields = default;
        if (!Utf8.IsValid(utf8Json) || !TryRead(utf8Json, ref fields))
        {
            return VideoMetadataError.InvalidJson;
        }

        if (string.IsNullOrEmpty(fields.VideoId) || fields.VideoIdWrongType)
        {
            return VideoMetadataError.MissingVideoId;
        }

        if (fields.TitleWrongType)
        {
            return VideoMetadataError.BadTitle;
        }

        if (fields.DurationBad)
        {
            return VideoMetadataError.BadDuration;
        }

        metadata = new VideoMetadata(fields.VideoId, fields.Title, fields.Duration);
        return VideoMetadataError.None;
    }

    private static bool TryRead(ReadOnlySpan<byte> json, ref Fields fields)
    {
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isVideoId = reader.ValueTextEquals("videoId"u8);
                bool isTitle = !isVideoId && reader.ValueTextEquals("title"u8);
                bool isDuration = !isVideoId && !isTitle && reader.ValueTextEquals("duration"u8);
                reader.Read();
                if (isVideoId)
                {
                    fields.VideoIdWrongType = reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null);
                    fields.VideoId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (isTitle)
                {
                    fields.TitleWrongType = reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null);
                    fields.Title = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (isDuration)
                {
                    ReadDuration(ref reader, ref fields);
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // A string whose escapes are not valid UTF-16 (a lone surrogate).
            return false;
        }
    }

    private static void ReadDuration(ref Utf8JsonReader reader, ref Fields fields)
    {
        fields.Duration = null;
        fields.DurationBad = false;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double seconds)
            && double.IsFinite(seconds) && seconds > 0 && seconds <= PlayerEventLimits.MaxPositionSeconds)
        {
            fields.Duration = seconds;
        }
        else
        {
            fields.DurationBad = true;
        }
    }

    private struct Fields
    {
        public string? VideoId;
        public bool VideoIdWrongType;
        public string? Title;
        public bool TitleWrongType;
        public double? Duration;
        public bool DurationBad;
    }
}
