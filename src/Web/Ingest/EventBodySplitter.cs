using System.Text.Json;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// Cuts a request body into events without copying or allocating: the elements of a JSON array
/// (read with <see cref="Utf8JsonReader"/>), or the non-blank lines of NDJSON. It only finds where
/// each event is; whether an event is valid is the processor's parser's decision, made per event,
/// so an element that is not an object (a number, an array) is still an event, one that the
/// parser will reject as <c>invalid_json</c>, exactly as the processor would.
/// </summary>
internal static class EventBodySplitter
{
    // Elements deeper than the parser's 64 levels are still cut out (and rejected by the parser,
    // as invalid_json); only a body nested deeper than this is refused whole.
    private static readonly JsonReaderOptions ArrayReaderOptions = new() { MaxDepth = 1024 };

    /// <summary>
    /// Finds the events of <paramref name="body"/>. <paramref name="slices"/> holds at most the
    /// request's event limit; one more event is <see cref="SplitOutcome.TooManyEvents"/>.
    /// </summary>
    public static SplitOutcome Split(ReadOnlySpan<byte> body, IngestBodyFormat format, Span<EventSlice> slices, out int count)
    {
        count = 0;
        int offset = body.StartsWith("\uFEFF"u8) ? 3 : 0;
        int first = body[offset..].IndexOfAnyExcept(" \t\r\n"u8);
        if (format == IngestBodyFormat.Sniffed)
        {
            format = first >= 0 && body[offset + first] == '[' ? IngestBodyFormat.Json : IngestBodyFormat.Ndjson;
        }

        return format == IngestBodyFormat.Json
            ? SplitJson(body, offset, first, slices, ref count)
            : SplitLines(body, offset, slices, ref count);
    }

    private static SplitOutcome SplitJson(ReadOnlySpan<byte> body, int offset, int first, Span<EventSlice> slices, ref int count)
    {
        if (first < 0)
        {
            return SplitOutcome.Malformed;
        }

        var json = body[offset..];
        try
        {
            var reader = new Utf8JsonReader(json, ArrayReaderOptions);
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                // One event object: the whole body is the event.
                reader.Skip();
                if (reader.Read())
                {
                    return SplitOutcome.Malformed;
                }

                return Add(slices, ref count, new EventSlice(offset, body.Length - offset));
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return SplitOutcome.Malformed;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                int start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }

                if (Add(slices, ref count, new EventSlice(offset + start, (int)reader.BytesConsumed - start)) == SplitOutcome.TooManyEvents)
                {
                    return SplitOutcome.TooManyEvents;
                }
            }

            // Only whitespace may follow the array (the reader throws on anything else).
            return reader.TokenType == JsonTokenType.EndArray && !reader.Read() ? SplitOutcome.Split : SplitOutcome.Malformed;
        }
        catch (JsonException)
        {
            return SplitOutcome.Malformed;
        }
    }

    private static SplitOutcome SplitLines(ReadOnlySpan<byte> body, int offset, Span<EventSlice> slices, ref int count)
    {
        int position = offset;
        while (position < body.Length)
        {
            var rest = body[position..];
            int newline = rest.IndexOf((byte)'\n');
            int length = newline < 0 ? rest.Length : newline;
            var line = rest[..length];
            if (line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }

            // Blank lines separate nothing: skipped, as the batch command skips them.
            if (!line.Trim(" \t"u8).IsEmpty
                && Add(slices, ref count, new EventSlice(position, line.Length)) == SplitOutcome.TooManyEvents)
            {
                return SplitOutcome.TooManyEvents;
            }

            position += length + 1;
        }

        return SplitOutcome.Split;
    }

    private static SplitOutcome Add(Span<EventSlice> slices, ref int count, EventSlice slice)
    {
        if (count == slices.Length)
        {
            return SplitOutcome.TooManyEvents;
        }

        slices[count++] = slice;
        return SplitOutcome.Split;
    }
}
