using System.Buffers;
using System.Text;
using System.Text.Json;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;

namespace StreamAgg.Wire;

/// <summary>
/// The Kafka key of everything stored per (user, video): the <c>engagement</c> topic and the
/// engagement state changelog. A JSON array <c>["userId","videoId"]</c>: readable in kcat and by
/// dashboards, and unambiguous whatever characters the ids contain (a separator would not be).
/// </summary>
public static class EngagementKeyCodec
{
    /// <summary>Encodes a key as compact UTF-8 JSON.</summary>
    public static byte[] Encode(in EngagementKey key)
    {
        var buffer = new ArrayBufferWriter<byte>(key.UserId.Length + key.VideoId.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(key, writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the same bytes as <see cref="Encode"/> through <paramref name="writer"/> and flushes
    /// it: a caller encoding many keys resets one writer over one buffer instead of allocating.
    /// </summary>
    public static void Write(in EngagementKey key, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        writer.WriteStringValue(key.UserId);
        writer.WriteStringValue(key.VideoId);
        writer.WriteEndArray();
        writer.Flush();
    }

    /// <summary>Decodes a key; false when the bytes are not a two-string JSON array.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out EngagementKey key) => TryDecodeJson(utf8, out key);

    /// <summary>
    /// Decodes a key, the video id from <paramref name="videoIds"/> (a video has many viewers, so
    /// its keys share one string); false when the bytes are not a two-string JSON array.
    /// </summary>
    /// <remarks>
    /// The keys this codec writes (two strings without escapes, nothing between the tokens) are
    /// read straight from the bytes; anything else goes through the JSON reader, with the same result.
    /// </remarks>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, Utf8StringPool videoIds, out EngagementKey key)
    {
        ArgumentNullException.ThrowIfNull(videoIds);
        if (PlainKey.TrySplit(utf8, out var userId, out var videoId))
        {
            key = new EngagementKey(Encoding.UTF8.GetString(userId), videoIds.GetOrAdd(videoId));
            return true;
        }

        return TryDecodeJson(utf8, out key);
    }

    private static bool TryDecodeJson(ReadOnlySpan<byte> utf8, out EngagementKey key)
    {
        key = default;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray
                || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            var userId = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            var videoId = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray || reader.Read())
            {
                return false;
            }

            key = new EngagementKey(userId, videoId);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8.
            return false;
        }
    }
}
