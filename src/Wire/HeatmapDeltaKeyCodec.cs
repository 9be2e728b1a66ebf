using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace StreamAgg.Wire;

/// <summary>
/// The Kafka key of a heatmap delta: the JSON array <c>["videoId","YYYY-MM-DD"]</c>. Deltas of one
/// (video, day) then share a partition, though the sink's merge does not depend on it (a union of
/// sketches and a sum of plays are order-free).
/// </summary>
public static class HeatmapDeltaKeyCodec
{
    /// <summary>Encodes the key of a (video, day) delta.</summary>
    public static byte[] Encode(string videoId, DateOnly day)
    {
        var buffer = new ArrayBufferWriter<byte>(videoId.Length + 20);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(videoId, day, writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the same bytes as <see cref="Encode"/> through <paramref name="writer"/> and flushes it.</summary>
    public static void Write(string videoId, DateOnly day, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> date = stackalloc char[10];
        day.TryFormat(date, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        writer.WriteStartArray();
        writer.WriteStringValue(videoId);
        writer.WriteStringValue(date[..written]);
        writer.WriteEndArray();
        writer.Flush();
    }
}
