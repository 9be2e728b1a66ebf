using System.Text.Json;

namespace StreamAgg.Sink.Consuming;

/// <summary>Reads the engagement topic's message key: the JSON array <c>["userId","videoId"]</c>.</summary>
internal static class EngagementKeyJson
{
    public static bool TryRead(ReadOnlySpan<byte> utf8, out string userId, out string videoId)
    {
        userId = videoId = "";
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                return false;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                return false;
            userId = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                return false;
            videoId = reader.GetString()!;
            return reader.Read() && reader.TokenType == JsonTokenType.EndArray && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
