using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StreamAgg.Hll.Registers;

/// <summary>
/// The register array kept in memory: one byte per register (postgresql-hll's unpacked
/// compreg_t), so updates are a byte compare and unions a vectorized byte maximum.
/// </summary>
internal static class RegisterMath
{
    /// <summary>
    /// Applies one hash: the low log2m bits pick the register, the rank is the number of
    /// trailing zeros of the remaining bits plus one, capped. Returns whether a zero register
    /// became non-zero (so the caller can keep its filled count).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Update(byte[] registers, int log2m, int maxValue, long hash)
    {
        ulong bits = (ulong)hash;
        ulong rest = bits >> log2m;
        if (rest == 0)
        {
            return false;
        }

        int rank = Math.Min(BitOperations.TrailingZeroCount(rest) + 1, maxValue);
        // The index is masked to the array length, so the bounds check can go.
        ref byte register = ref Unsafe.Add(
            ref MemoryMarshal.GetArrayDataReference(registers),
            (nint)(bits & (ulong)(registers.Length - 1)));
        if (register >= rank)
        {
            return false;
        }

        bool wasZero = register == 0;
        register = (byte)rank;
        return wasZero;
    }

    /// <summary>Per-register maximum of <paramref name="source"/> into <paramref name="target"/>; returns the filled count.</summary>
    public static int UnionInto(Span<byte> target, ReadOnlySpan<byte> source)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<byte>.Count;
            for (; i <= target.Length - width; i += width)
            {
                var merged = Vector.Max(new Vector<byte>(target[i..]), new Vector<byte>(source[i..]));
                merged.CopyTo(target[i..]);
            }
        }

        for (; i < target.Length; i++)
        {
            if (source[i] > target[i])
            {
                target[i] = source[i];
            }
        }

        return CountFilled(target);
    }

    public static int CountFilled(ReadOnlySpan<byte> registers) => registers.Length - registers.Count((byte)0);
}
