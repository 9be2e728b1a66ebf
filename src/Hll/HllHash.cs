using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using StreamAgg.Hll.Hashing;

namespace StreamAgg.Hll;

/// <summary>
/// The hash functions of postgresql-hll: the values returned here are exactly what
/// <c>hll_hash_text</c>, <c>hll_hash_bytea</c> and <c>hll_hash_bigint</c> return (seed 0),
/// so sketches built here and in PostgreSQL count the same viewers.
/// </summary>
public static class HllHash
{
    // Strings up to this many UTF-8 bytes are encoded on the stack.
    private const int StackLimit = 512;

    /// <summary>Hashes the UTF-8 bytes of <paramref name="value"/>, as <c>hll_hash_text(value)</c> does.</summary>
    /// <param name="value">The text; lone surrogates are encoded as U+FFFD, as .NET's UTF-8 encoder does.</param>
    /// <returns>The 64-bit hash, as PostgreSQL's signed <c>hll_hashval</c>.</returns>
    public static long Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Text(value.AsSpan());
    }

    /// <summary>Hashes the UTF-8 encoding of <paramref name="value"/>, as <c>hll_hash_text</c> does.</summary>
    /// <param name="value">The characters to hash.</param>
    /// <returns>The 64-bit hash, as PostgreSQL's signed <c>hll_hashval</c>.</returns>
    public static long Text(ReadOnlySpan<char> value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            int length = Encoding.UTF8.GetBytes(value, buffer);
            return Text(buffer[..length]);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int length = Encoding.UTF8.GetBytes(value, rented);
            return Text(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Hashes raw bytes (already UTF-8 text, or a bytea), as <c>hll_hash_text</c>/<c>hll_hash_bytea</c> do.</summary>
    /// <param name="utf8">The bytes to hash; no length or terminator is added.</param>
    /// <returns>The 64-bit hash, as PostgreSQL's signed <c>hll_hashval</c>.</returns>
    public static long Text(ReadOnlySpan<byte> utf8) => (long)MurmurHash3.X64Hash128Low(utf8, 0);

    /// <summary>Hashes a 64-bit integer, as <c>hll_hash_bigint(value)</c> does (its 8 little-endian bytes).</summary>
    /// <param name="value">The integer to hash.</param>
    /// <returns>The 64-bit hash, as PostgreSQL's signed <c>hll_hashval</c>.</returns>
    public static long Bigint(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Text(bytes);
    }
}
