using System.Buffers;
using System.Text.Json;
using StreamAgg.Core.Engagement;

namespace StreamAgg.Contracts;

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
            writer.WriteStartArray();
            writer.WriteStringValue(key.UserId);
            writer.WriteStringValue(key.VideoId);
            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a key; false when the bytes are not a two-string JSON array.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out EngagementKey key)
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
        catch (JsonException)
        {
            return false;
        }
    }
}
