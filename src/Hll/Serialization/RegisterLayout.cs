namespace StreamAgg.Hll.Serialization;

/// <summary>
/// SPARSE and FULL bodies. SPARSE lists each non-zero register, in index order, as a
/// (log2m + regwidth)-bit word: index high, value low. FULL packs every register in regwidth
/// bits. Both are most-significant-bit first with the last byte zero-padded.
/// </summary>
internal static class RegisterLayout
{
    /// <summary>
    /// postgresql-hll's choice (multiset_pack with the default max-sparse of −1): SPARSE when
    /// sparse is on and it takes strictly fewer bits than FULL.
    /// </summary>
    public static HllRepresentation Choose(int filled, HllSettings settings) =>
        settings.SparseEnabled
        && (long)filled * (settings.Log2m + settings.RegisterWidth) < (long)settings.RegisterCount * settings.RegisterWidth
            ? HllRepresentation.Sparse
            : HllRepresentation.Full;

    public static int Length(HllRepresentation layout, int filled, HllSettings settings) => layout == HllRepresentation.Sparse
        ? (int)((((long)filled * (settings.Log2m + settings.RegisterWidth)) + 7) / 8)
        : FullLength(settings);

    public static void Write(Span<byte> destination, HllRepresentation layout, ReadOnlySpan<byte> registers, HllSettings settings)
    {
        var writer = new BitWriter(destination);
        int width = settings.RegisterWidth;
        if (layout == HllRepresentation.Sparse)
        {
            int chunk = settings.Log2m + width;
            for (int i = registers.IndexOfAnyExcept((byte)0); i >= 0 && i < registers.Length; i++)
            {
                if (registers[i] != 0)
                {
                    writer.Write(((uint)i << width) | registers[i], chunk);
                }
            }
        }
        else
        {
            for (int i = 0; i < registers.Length; i++)
            {
                writer.Write(registers[i], width);
            }
        }

        writer.Flush();
    }

    public static void ReadFull(ReadOnlySpan<byte> body, Span<byte> registers, HllSettings settings)
    {
        int expected = FullLength(settings);
        if (body.Length != expected)
        {
            ThrowHelper.Format($"A FULL hll body for {settings} is {expected} bytes; got {body.Length}.");
        }

        var reader = new BitReader(body);
        for (int i = 0; i < registers.Length; i++)
        {
            registers[i] = (byte)reader.Read(settings.RegisterWidth);
        }
    }

    public static void ReadSparse(ReadOnlySpan<byte> body, Span<byte> registers, HllSettings settings)
    {
        int width = settings.RegisterWidth;
        int chunk = settings.Log2m + width;
        long bits = (long)body.Length * 8;
        long count = bits / chunk;
        if (bits - (count * chunk) >= 8)
        {
            ThrowHelper.Format($"Inconsistent padding in a SPARSE hll body of {body.Length} bytes.");
        }

        var reader = new BitReader(body);
        uint valueMask = (1u << width) - 1;
        for (long i = 0; i < count; i++)
        {
            uint word = reader.Read(chunk);
            // Like postgresql-hll: a later word for the same register overwrites an earlier one.
            registers[(int)(word >> width)] = (byte)(word & valueMask);
        }
    }

    private static int FullLength(HllSettings settings) =>
        (int)((((long)settings.RegisterCount * settings.RegisterWidth) + 7) / 8);
}
