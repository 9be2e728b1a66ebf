using System.Text.Json;
using System.Text.Unicode;

namespace StreamAgg.Core.Events;

/// <summary>
/// Parses and validates one player event (SEMANTICS.md §1) from UTF-8 JSON: a Kafka message
/// value or one NDJSON line. Steady-state parsing allocates nothing: ids come from a
/// <see cref="Utf8StringPool"/> and <c>eventId</c> is kept only as a hash. Not thread-safe (the
/// pool is not): use one parser per thread.
/// </summary>
/// <remarks>
/// <para>The whole object is read first, then checked in the order of SEMANTICS.md §1, so the
/// reason does not depend on field order: <c>invalid_json</c>, <c>missing_field</c>,
/// <c>unknown_event</c>, <c>bad_timestamp</c>, <c>bad_position</c>, <c>bad_field</c>.</para>
/// <para>Most events are one flat object of plain strings and short numbers: those are read by
/// <see cref="FlatEventReader"/> straight from the bytes (about three times faster); anything
/// else, and anything it is unsure of, goes through <see cref="Utf8JsonReader"/>, with the same
/// result.</para>
/// <para>Choices where SEMANTICS.md is silent:</para>
/// <list type="bullet">
/// <item><c>invalid_json</c>: anything but exactly one JSON object (RFC 8259, no comments or
/// trailing commas) surrounded only by whitespace: empty input, truncated text, an array, a
/// scalar, two objects, bytes that are not valid UTF-8, nesting deeper than 64 levels (SEMANTICS.md
/// §1; the top-level object is level 1), and a string
/// the parser needs whose <c>\u</c> escapes are not valid UTF-16 (a lone surrogate). A leading
/// UTF-8 byte order mark is ignored.</item>
/// <item>JSON <c>null</c> is the same as an absent field: for a required field that is
/// <c>missing_field</c>, for an optional one it is simply absent.</item>
/// <item>A repeated key: the last occurrence wins (including a last <c>null</c>).</item>
/// <item><c>eventName</c> present but not a string, or not exactly (case-sensitive) one of the
/// six names, is <c>unknown_event</c>: it is there, just not a known event.</item>
/// <item><c>timestamp</c>: a string must be ISO-8601 with a zone (see
/// <see cref="EventTimestamp"/>); a number must be an integer literal (no fraction or
/// exponent) of epoch milliseconds; either must lie in the years 2000–2099; any other type is
/// <c>bad_timestamp</c>.</item>
/// <item><c>currentTime</c>, <c>fromTime</c>: finite, in [0, 10,000,000]; <c>videoDuration</c>
/// in (0, 10,000,000]; <c>playbackRate</c> in (0, 16] (<see cref="PlayerEventLimits"/>).</item>
/// <item>Numbers out of double range (<c>1e400</c>) are not finite and so invalid; <c>-0</c>
/// is read as 0.</item>
/// <item>An empty <c>sessionId</c>, <c>eventId</c> or <c>videoTitle</c> is a valid string and
/// kept as such. <c>fromTime</c> is validated on every event kind.</item>
/// <item>Strings are compared and hashed after unescaping: <c>"video\u005fplay"</c> is
/// <c>video_play</c>. Unknown fields are ignored whatever their value, objects and arrays
/// included.</item>
/// </list>
/// </remarks>
public sealed class PlayerEventParser
{
    // SEMANTICS.md §1: deeper than 64 levels is invalid_json, whatever field holds it.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = PlayerEventLimits.MaxNestingDepth };

    private readonly Utf8StringPool _strings;
    private readonly bool _flatFastPath;

    // Unescaped strings land here (ids are far shorter); a field, not stackalloc, because
    // spans over it are handed along with the reader by ref.
    private readonly byte[] _scratch = new byte[JsonStringValue.ScratchSize];

    /// <summary>Creates a parser with its own string pool of the default capacity.</summary>
    public PlayerEventParser()
        : this(new Utf8StringPool())
    {
    }

    /// <summary>Creates a parser that takes ids and titles from <paramref name="strings"/>.</summary>
    public PlayerEventParser(Utf8StringPool strings)
        : this(strings, flatFastPath: true)
    {
    }

    /// <summary>With <paramref name="flatFastPath"/> false every input goes through the full reader (tests compare the two).</summary>
    internal PlayerEventParser(Utf8StringPool strings, bool flatFastPath)
    {
        ArgumentNullException.ThrowIfNull(strings);
        _strings = strings;
        _flatFastPath = flatFastPath;
    }

    /// <summary>The pool the parser takes strings from.</summary>
    public Utf8StringPool Strings => _strings;

    /// <summary>
    /// Parses and validates <paramref name="utf8Json"/>. Returns <see cref="DeadLetterReason.None"/>
    /// and the event on success; otherwise the first failing reason, and <c>default</c>.
    /// Never throws for any input; never returns <see cref="DeadLetterReason.Late"/> or <see cref="DeadLetterReason.InternalError"/>.
    /// </summary>
    public DeadLetterReason TryParse(ReadOnlySpan<byte> utf8Json, out PlayerEvent evt)
    {
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        var draft = default(PlayerEventDraft);
        if (_flatFastPath && FlatEventReader.TryRead(utf8Json, ref draft, _strings))
        {
            return draft.Validate(out evt);
        }

        draft = default;
        if (!StartsLikeObject(utf8Json) || !Utf8.IsValid(utf8Json) || !TryRead(utf8Json, ref draft))
        {
            evt = default;
            return DeadLetterReason.InvalidJson;
        }

        return draft.Validate(out evt);
    }

    // Rejects arrays, scalars and garbage without letting the reader throw: exceptions cost
    // microseconds, and a stream of junk should not slow the parser down by orders of magnitude.
    private static bool StartsLikeObject(ReadOnlySpan<byte> json)
    {
        int i = json.IndexOfAnyExcept(" \t\r\n"u8);
        return i >= 0 && json[i] == '{';
    }

    private bool TryRead(ReadOnlySpan<byte> json, ref PlayerEventDraft draft)
    {
        byte[]? rented = null;
        try
        {
            return Read(json, ref draft, ref rented);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Escapes that decode to invalid UTF-16 in a string we had to unescape.
            return false;
        }
        finally
        {
            JsonStringValue.Return(ref rented);
        }
    }

    private bool Read(ReadOnlySpan<byte> json, ref PlayerEventDraft draft, ref byte[]? rented)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        Span<byte> scratch = _scratch;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            PlayerEventField field = MatchName(ref reader, scratch);
            reader.Read();
            ReadValue(ref reader, field, ref draft, scratch, ref rented);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        // Only the top-level object's end leaves the loop; then nothing but whitespace may follow
        // (the reader throws on anything else).
        return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
    }

    private static PlayerEventField MatchName(ref Utf8JsonReader reader, Span<byte> scratch)
    {
        if (!reader.ValueIsEscaped)
        {
            return PlayerEventFieldNames.Match(reader.ValueSpan);
        }

        // An escape takes at most 6 bytes per character, so longer names cannot be known ones.
        if (reader.ValueSpan.Length > PlayerEventFieldNames.MaxLength * 6)
        {
            return PlayerEventField.Unknown;
        }

        return PlayerEventFieldNames.Match(scratch[..reader.CopyString(scratch)]);
    }

    private void ReadValue(ref Utf8JsonReader reader, PlayerEventField field, ref PlayerEventDraft draft, Span<byte> scratch, ref byte[]? rented)
    {
        // Unknown fields are ignored whatever their value: their strings are never unescaped.
        if (field == PlayerEventField.Unknown)
        {
            return;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                draft.SetString(field, JsonStringValue.Unescape(ref reader, scratch, ref rented), _strings);
                break;
            case JsonTokenType.Number:
                bool isDouble = reader.TryGetDouble(out double number);
                bool isInt64 = reader.TryGetInt64(out long integer);
                draft.SetNumber(field, isDouble, number, isInt64, integer);
                break;
            case JsonTokenType.Null:
                draft.SetNull(field);
                break;
            default:
                draft.SetWrongType(field);
                break;
        }
    }
}
