using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace StreamAgg.Core.Events;

/// <summary>
/// A fast, non-cryptographic 64-bit hash of bytes that is the same on every machine, process
/// and run (no random seed, explicit little-endian reads), because event-id hashes may be kept
/// in state that outlives the process. Do not change the algorithm: stored hashes would stop
/// matching.
/// </summary>
/// <remarks>
/// Our own construction: the length seeds the state; each 8-byte word (the tail zero-padded)
/// is passed through MurmurHash3's 64-bit finalizer, xored in, multiplied by the golden-ratio
/// constant and rotated; the state is finalized once more. Every step is a bijection on the
/// state, so two inputs of equal length that differ in one word never collide, and the
/// finalizer spreads every input bit over all output bits. Not resistant to deliberate
/// collisions: an attacker could only make their own events look like duplicates.
/// </remarks>
public static class StableHash64
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private const ulong Seed = 0x5374726561614167; // "StreamAg"

    /// <summary>Hashes <paramref name="data"/>.</summary>
    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        ulong h = Seed ^ ((ulong)data.Length * Golden);
        int length = data.Length;
        int at = 0;
        for (; at + 8 <= length; at += 8)
        {
            h = BitOperations.RotateLeft((h ^ Finalize(BinaryPrimitives.ReadUInt64LittleEndian(data[at..]))) * Golden, 29);
        }

        h = (h ^ Finalize(Tail(data, at))) * Golden;
        return Finalize(h);
    }

    // The last length % 8 bytes as a little-endian word, zero-padded; read in one or a few
    // loads rather than byte by byte (same value).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Tail(ReadOnlySpan<byte> data, int at)
    {
        int rest = data.Length - at;
        if (rest == 0)
        {
            return 0;
        }

        if (data.Length >= 8)
        {
            // The word ending at the last byte holds the tail in its high bytes.
            return BinaryPrimitives.ReadUInt64LittleEndian(data[^8..]) >> (8 * (8 - rest));
        }

        ulong tail = 0;
        int i = 0;
        if (rest >= 4)
        {
            tail = BinaryPrimitives.ReadUInt32LittleEndian(data);
            i = 4;
        }

        for (; i < rest; i++)
        {
            tail |= (ulong)data[i] << (8 * i);
        }

        return tail;
    }

    // MurmurHash3's fmix64: a bijection with full avalanche. Inlined: it runs per 8 bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finalize(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCD;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53;
        x ^= x >> 33;
        return x;
    }
}
