using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace StreamAgg.Core.Events;

/// <summary>
/// The fast path of <see cref="PlayerEventParser"/>: reads the shape nearly every event has — one
/// flat object on one line, of plain ASCII strings, <c>null</c> and short decimal numbers —
/// straight from the bytes, without <see cref="System.Text.Json.Utf8JsonReader"/>. It never
/// decides that input is bad: anything else (a backslash, a byte that is not printable ASCII —
/// tabs and line breaks included —, <c>true</c>/<c>false</c>, nested values, exponents, more than
/// 18 digits, any syntax error) makes it give up, and the
/// full reader starts over. So whatever it accepts is valid JSON, and the draft it fills is the
/// one the full reader would fill: both go through the same <see cref="PlayerEventDraft"/> setters,
/// and the numbers it accepts have exactly one correctly rounded double.
/// </summary>
internal static class FlatEventReader
{
    // Beyond 18 digits a mantissa may not fit a long; such numbers go to the full reader.
    private const int MaxDigits = 18;

    // 10^0 … 10^22 are exact doubles, so mantissa / 10^k (mantissa ≤ 2^53) is correctly rounded.
    private const int MaxExactPowerOfTen = 22;
    private const ulong MaxExactMantissa = 1UL << 53;

    // Printable ASCII but the backslash. In a line of only these, strings have no escapes and no
    // control characters, the text is valid UTF-8, and the only whitespace is the space.
    private static readonly SearchValues<byte> PlainBytes =
        SearchValues.Create(Enumerable.Range(0x20, 0x7E - 0x20 + 1).Where(b => b != '\\').Select(b => (byte)b).ToArray());

    private static ReadOnlySpan<double> PowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Fills <paramref name="draft"/> from <paramref name="json"/> and returns true, or returns
    /// false (the draft then holds partial values and must be discarded) when the input is not of
    /// the plain shape.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> json, ref PlayerEventDraft draft, Utf8StringPool strings)
    {
        // One vectorized pass instead of checking every byte of every string.
        if (json.IndexOfAnyExcept(PlainBytes) >= 0)
        {
            return false;
        }

        int i = SkipWhitespace(json, 0);
        if (i >= json.Length || json[i] != '{')
        {
            return false;
        }

        i = SkipWhitespace(json, i + 1);
        if (i < json.Length && json[i] == '}')
        {
            return SkipWhitespace(json, i + 1) == json.Length;
        }

        while (true)
        {
            if (!TryReadString(json, ref i, out ReadOnlySpan<byte> name))
            {
                return false;
            }

            PlayerEventField field = PlayerEventFieldNames.Match(name);
            i = SkipWhitespace(json, i);
            if (i >= json.Length || json[i] != ':')
            {
                return false;
            }

            i = SkipWhitespace(json, i + 1);
            if (!TryReadValue(json, ref i, field, ref draft, strings))
            {
                return false;
            }

            i = SkipWhitespace(json, i);
            if (i >= json.Length)
            {
                return false;
            }

            if (json[i] == ',')
            {
                i = SkipWhitespace(json, i + 1);
                continue;
            }

            return json[i] == '}' && SkipWhitespace(json, i + 1) == json.Length;
        }
    }

    private static bool TryReadValue(ReadOnlySpan<byte> json, ref int i, PlayerEventField field, ref PlayerEventDraft draft, Utf8StringPool strings)
    {
        if (i >= json.Length)
        {
            return false;
        }

        byte first = json[i];
        if (first == '"')
        {
            if (!TryReadString(json, ref i, out ReadOnlySpan<byte> value))
            {
                return false;
            }

            if (field != PlayerEventField.Unknown)
            {
                draft.SetString(field, value, strings);
            }

            return true;
        }

        if (first == 'n')
        {
            if (!json[i..].StartsWith("null"u8))
            {
                return false;
            }

            i += 4;
            if (field != PlayerEventField.Unknown)
            {
                draft.SetNull(field);
            }

            return true;
        }

        if (first == '-' || (uint)(first - '0') <= 9)
        {
            return TryReadNumber(json, ref i, field, ref draft);
        }

        // true, false, objects, arrays and anything invalid: the full reader decides.
        return false;
    }

    /// <summary>A string (the input holds no escapes, see PlainBytes); <paramref name="i"/> is at its opening quote.</summary>
    private static bool TryReadString(ReadOnlySpan<byte> json, ref int i, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (i >= json.Length || json[i] != '"')
        {
            return false;
        }

        int start = i + 1;
        int length = IndexOfQuote(json[start..]);
        if (length < 0)
        {
            return false;
        }

        value = json.Slice(start, length);
        i = start + length + 1;
        return true;
    }

    /// <summary>
    /// A number of RFC 8259's grammar without exponent and with at most 18 digits, read as the
    /// full reader would: a double when it has one exactly computable correctly rounded value, a
    /// long when it is an integer literal. Gives up when the field needs a reading it cannot make.
    /// </summary>
    private static bool TryReadNumber(ReadOnlySpan<byte> json, ref int i, PlayerEventField field, ref PlayerEventDraft draft)
    {
        int p = i;
        bool negative = json[p] == '-';
        if (negative)
        {
            p++;
        }

        if (p >= json.Length)
        {
            return false;
        }

        ulong mantissa = 0;
        int digits = 0;
        if (json[p] == '0')
        {
            p++;
        }
        else if (!TryReadDigits(json, ref p, ref mantissa, ref digits))
        {
            return false;
        }

        int fractionDigits = 0;
        if (p < json.Length && json[p] == '.')
        {
            p++;
            int before = digits;
            if (!TryReadDigits(json, ref p, ref mantissa, ref digits))
            {
                return false;
            }

            fractionDigits = digits - before;
        }

        if (p < json.Length && (json[p] | 0x20) == 'e')
        {
            return false;
        }

        i = p;
        if (field == PlayerEventField.Unknown)
        {
            return true;
        }

        bool isInt64 = fractionDigits == 0;
        long integer = negative ? -(long)mantissa : (long)mantissa;
        if (field == PlayerEventField.Timestamp)
        {
            // A fraction would make the full reader's TryGetInt64 fail; leave that reading to it.
            if (!isInt64)
            {
                return false;
            }

            draft.SetNumber(field, isDouble: true, integer, isInt64: true, integer);
            return true;
        }

        if (mantissa > MaxExactMantissa || fractionDigits > MaxExactPowerOfTen)
        {
            return false;
        }

        double number = mantissa / PowersOfTen[fractionDigits];
        draft.SetNumber(field, isDouble: true, negative ? -number : number, isInt64, integer);
        return true;
    }

    /// <summary>One or more digits, added to <paramref name="mantissa"/>; false when none or too many.</summary>
    private static bool TryReadDigits(ReadOnlySpan<byte> json, ref int p, ref ulong mantissa, ref int digits)
    {
        int start = p;
        while (p < json.Length && (uint)(json[p] - '0') <= 9)
        {
            if (++digits > MaxDigits)
            {
                return false;
            }

            mantissa = (mantissa * 10) + (uint)(json[p] - '0');
            p++;
        }

        return p > start;
    }

    /// <summary>The first <c>"</c> in <paramref name="text"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfQuote(ReadOnlySpan<byte> text)
    {
        // Field names and most values end within 16 bytes: one compare of the first 16 finds
        // the quote without the general search's call and set-up (20 strings per line).
        if (Vector128.IsHardwareAccelerated && text.Length >= Vector128<byte>.Count)
        {
            uint quotes = Vector128.Equals(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(text)), Vector128.Create((byte)'"'))
                .ExtractMostSignificantBits();
            if (quotes != 0)
            {
                return BitOperations.TrailingZeroCount(quotes);
            }

            int after = text[Vector128<byte>.Count..].IndexOf((byte)'"');
            return after < 0 ? -1 : after + Vector128<byte>.Count;
        }

        return text.IndexOf((byte)'"');
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        // The input holds no tab, CR or LF (see PlainBytes), so whitespace is spaces.
        while ((uint)i < (uint)json.Length && json[i] == ' ')
        {
            i++;
        }

        return i;
    }
}
