using System.Buffers.Binary;

namespace StreamAgg.Hll.Serialization;

/// <summary>EXPLICIT body: the hashes as big-endian 8-byte values, ascending as signed integers.</summary>
internal static class ExplicitLayout
{
    // postgresql-hll's in-memory limit: (128 KiB − the element count) / 8.
    private const int MaxElements = 16383;

    public static int Length(int count) => count * sizeof(long);

    public static void Write(Span<byte> destination, ReadOnlySpan<long> hashes)
    {
        for (int i = 0; i < hashes.Length; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(destination.Slice(i * sizeof(long), sizeof(long)), hashes[i]);
        }
    }

    public static long[] Read(ReadOnlySpan<byte> body)
    {
        if (body.Length % sizeof(long) != 0)
        {
            ThrowHelper.Format($"An EXPLICIT hll body is a whole number of 8-byte hashes; got {body.Length} bytes.");
        }

        int count = body.Length / sizeof(long);
        if (count > MaxElements)
        {
            ThrowHelper.Format($"An EXPLICIT hll holds at most {MaxElements} hashes; got {count}.");
        }

        var hashes = new long[count];
        for (int i = 0; i < count; i++)
        {
            hashes[i] = BinaryPrimitives.ReadInt64BigEndian(body.Slice(i * sizeof(long), sizeof(long)));
            if (i > 0 && hashes[i] <= hashes[i - 1])
            {
                ThrowHelper.Format($"EXPLICIT hll hashes must be strictly ascending; hash {i} ({hashes[i]}) follows {hashes[i - 1]}.");
            }
        }

        return hashes;
    }
}
