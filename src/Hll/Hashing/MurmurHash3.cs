using System.Buffers.Binary;
using System.Numerics;

namespace StreamAgg.Hll.Hashing;

/// <summary>
/// MurmurHash3 x64 128-bit, the reference smhasher algorithm that postgresql-hll links.
/// Only the first half (h1) is returned: that is all hll_hash_* keeps.
/// </summary>
internal static class MurmurHash3
{
    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;

    public static ulong X64Hash128Low(ReadOnlySpan<byte> data, uint seed)
    {
        ulong h1 = seed;
        ulong h2 = seed;
        int blocks = data.Length / 16;

        for (int i = 0; i < blocks; i++)
        {
            ulong k1 = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i * 16, 8));
            ulong k2 = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice((i * 16) + 8, 8));

            h1 ^= MixK1(k1);
            h1 = BitOperations.RotateLeft(h1, 27);
            h1 += h2;
            h1 = (h1 * 5) + 0x52dce729;

            h2 ^= MixK2(k2);
            h2 = BitOperations.RotateLeft(h2, 31);
            h2 += h1;
            h2 = (h2 * 5) + 0x38495ab5;
        }

        ReadOnlySpan<byte> tail = data[(blocks * 16)..];
        ulong t1 = 0;
        ulong t2 = 0;
        // The reference switch falls through from the highest tail byte down; assembling the
        // two little-endian words byte by byte is the same thing.
        for (int i = tail.Length - 1; i >= 8; i--)
        {
            t2 = (t2 << 8) | tail[i];
        }

        for (int i = Math.Min(tail.Length, 8) - 1; i >= 0; i--)
        {
            t1 = (t1 << 8) | tail[i];
        }

        if (tail.Length > 8)
        {
            h2 ^= MixK2(t2);
        }

        if (tail.Length > 0)
        {
            h1 ^= MixK1(t1);
        }

        h1 ^= (ulong)data.Length;
        h2 ^= (ulong)data.Length;
        h1 += h2;
        h2 += h1;
        h1 = FMix(h1);
        h2 = FMix(h2);
        h1 += h2;
        return h1;
    }

    private static ulong MixK1(ulong k1)
    {
        k1 *= C1;
        k1 = BitOperations.RotateLeft(k1, 31);
        return k1 * C2;
    }

    private static ulong MixK2(ulong k2)
    {
        k2 *= C2;
        k2 = BitOperations.RotateLeft(k2, 33);
        return k2 * C1;
    }

    private static ulong FMix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
