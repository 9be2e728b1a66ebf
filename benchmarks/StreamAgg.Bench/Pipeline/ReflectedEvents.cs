using System.Text.Json;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// How many of its key's events an engagement row reflects (<c>eventsApplied</c> +
/// <c>lateEventsDropped</c> + <c>duplicateEventsDropped</c>), read from the row's JSON without
/// building the row: the latency bench reads every row the processor emits, on the same two
/// cores as the pipeline it measures.
/// </summary>
internal static class ReflectedEvents
{
    /// <exception cref="JsonException">Not a JSON object.</exception>
    public static int Count(ReadOnlySpan<byte> row)
    {
        var reader = new Utf8JsonReader(row);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An engagement row must be a JSON object.");
        }

        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var counted = reader.ValueTextEquals("eventsApplied"u8)
                || reader.ValueTextEquals("lateEventsDropped"u8)
                || reader.ValueTextEquals("duplicateEventsDropped"u8);
            reader.Read();
            if (counted)
            {
                count += reader.GetInt32();
            }
            else
            {
                reader.Skip();
            }
        }

        return count;
    }
}
