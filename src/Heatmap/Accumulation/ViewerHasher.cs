using System.Buffers;
using System.Globalization;
using StreamAgg.Hll;

namespace StreamAgg.Heatmap.Accumulation;

/// <summary>
/// The viewer's hash (SEMANTICS §6): hll_hash_text(userId), or with a salt secret S,
/// hll_hash_text(S + ":" + yyyy-MM-dd + ":" + userId), so sketches of different days cannot be
/// joined back to people. The text is assembled on the stack, not as a string.
/// </summary>
internal sealed class ViewerHasher(string? saltSecret)
{
    private const int StackChars = 256;
    private readonly string? _salt = string.IsNullOrEmpty(saltSecret) ? null : saltSecret;

    public long Hash(string userId, DateOnly day)
    {
        if (_salt is null)
        {
            return HllHash.Text(userId);
        }

        int length = _salt.Length + 1 + 10 + 1 + userId.Length;
        char[]? rented = null;
        Span<char> text = length <= StackChars
            ? stackalloc char[StackChars]
            : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            _salt.CopyTo(text);
            int at = _salt.Length;
            text[at++] = ':';
            day.TryFormat(text[at..], out int written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            at += written;
            text[at++] = ':';
            userId.CopyTo(text[at..]);
            return HllHash.Text(text[..(at + userId.Length)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
