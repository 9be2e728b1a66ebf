using System.Buffers;
using System.Text.Json;

namespace StreamAgg.Core.Events;

/// <summary>
/// Reads the unescaped UTF-8 bytes of the current string token without allocating: the input
/// itself when nothing is escaped, else the caller's scratch buffer, else a rented array (only
/// for escaped values longer than the scratch buffer).
/// </summary>
internal static class JsonStringValue
{
    /// <summary>Size of the stack scratch buffer callers should pass; ids are far shorter.</summary>
    public const int ScratchSize = 256;

    /// <summary>
    /// The unescaped value. When the result lives in <paramref name="rented"/>, the caller
    /// returns it with <see cref="Return"/>. Throws <see cref="InvalidOperationException"/> on
    /// escapes that do not form valid UTF-16 (a lone surrogate).
    /// </summary>
    public static ReadOnlySpan<byte> Unescape(ref Utf8JsonReader reader, Span<byte> scratch, ref byte[]? rented)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        // Unescaping never makes a value longer, so the escaped length bounds the buffer.
        int escapedLength = reader.ValueSpan.Length;
        if (escapedLength > scratch.Length)
        {
            Return(ref rented);
            rented = ArrayPool<byte>.Shared.Rent(escapedLength);
            scratch = rented;
        }

        int written = reader.CopyString(scratch);
        return scratch[..written];
    }

    /// <summary>Returns a rented buffer, if any.</summary>
    public static void Return(ref byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
            rented = null;
        }
    }
}
