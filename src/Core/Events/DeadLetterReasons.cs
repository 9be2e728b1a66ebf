using System.Text.Json;

namespace StreamAgg.Core.Events;

/// <summary>
/// Wire names of <see cref="DeadLetterReason"/> (<c>invalid_json</c> … <c>internal_error</c>), as cached
/// strings, UTF-8 bytes and pre-encoded JSON text, so writing a dead letter allocates nothing.
/// <see cref="DeadLetterReason.None"/> has no wire name.
/// </summary>
public static class DeadLetterReasons
{
    private static readonly string[] Names =
        ["", "invalid_json", "missing_field", "unknown_event", "bad_timestamp", "bad_position", "bad_field", "late", "internal_error"];

    private static readonly JsonEncodedText[] Encoded = Array.ConvertAll(Names, n => JsonEncodedText.Encode(n));

    /// <summary>The wire name, e.g. <c>missing_field</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DeadLetterReason.None"/> or an undefined value.</exception>
    public static string ToWireName(this DeadLetterReason reason) => Names[Index(reason)];

    /// <summary>The wire name as UTF-8 bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DeadLetterReason.None"/> or an undefined value.</exception>
    public static ReadOnlySpan<byte> ToUtf8WireName(this DeadLetterReason reason) => Encoded[Index(reason)].EncodedUtf8Bytes;

    /// <summary>The wire name pre-encoded for <see cref="Utf8JsonWriter"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="DeadLetterReason.None"/> or an undefined value.</exception>
    public static JsonEncodedText ToJsonEncodedText(this DeadLetterReason reason) => Encoded[Index(reason)];

    /// <summary>Maps an exact UTF-8 wire name to its reason.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8WireName, out DeadLetterReason reason)
    {
        for (int i = 1; i < Encoded.Length; i++)
        {
            if (utf8WireName.SequenceEqual(Encoded[i].EncodedUtf8Bytes))
            {
                reason = (DeadLetterReason)i;
                return true;
            }
        }

        reason = DeadLetterReason.None;
        return false;
    }

    /// <summary>Maps an exact wire name to its reason.</summary>
    public static bool TryParse(ReadOnlySpan<char> wireName, out DeadLetterReason reason)
    {
        for (int i = 1; i < Names.Length; i++)
        {
            if (wireName.SequenceEqual(Names[i]))
            {
                reason = (DeadLetterReason)i;
                return true;
            }
        }

        reason = DeadLetterReason.None;
        return false;
    }

    private static int Index(DeadLetterReason reason)
    {
        if (reason is <= DeadLetterReason.None or > DeadLetterReason.InternalError)
        {
            EventsThrowHelper.ThrowArgumentOutOfRange(nameof(reason), reason);
        }

        return (int)reason;
    }
}
