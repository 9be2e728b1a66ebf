using System.Buffers;
using System.Text.Unicode;

namespace StreamAgg.Wire;

/// <summary>
/// The common shape of an engagement key, <c>["userId","videoId"]</c> with no escapes and
/// nothing between the tokens, split without a JSON reader (restoring reads one key per record).
/// </summary>
internal static class PlainKey
{
    // What ends a plain string, or makes it something only the JSON reader may judge: the quote,
    // an escape, and the control characters JSON forbids raw.
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    /// <summary>
    /// The two strings' UTF-8 bytes when <paramref name="utf8"/> has the plain shape; false for
    /// anything else (escapes, whitespace, invalid UTF-8, not a key at all).
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> utf8, out ReadOnlySpan<byte> userId, out ReadOnlySpan<byte> videoId)
    {
        userId = default;
        videoId = default;
        if (utf8.Length < 7 || utf8[0] != '[' || utf8[1] != '"' || utf8[^2] != '"' || utf8[^1] != ']')
        {
            return false;
        }

        var rest = utf8[2..^2];
        var end = rest.IndexOfAny(StringStops);
        // The first string ends at a quote followed by ,"; the second runs to the closing quote.
        if (end < 0 || rest[end] != '"' || rest.Length < end + 3 || rest[end + 1] != ',' || rest[end + 2] != '"')
        {
            return false;
        }

        var second = rest[(end + 3)..];
        if (second.IndexOfAny(StringStops) >= 0 || !Utf8.IsValid(rest))
        {
            return false;
        }

        userId = rest[..end];
        videoId = second;
        return true;
    }
}
