namespace StreamAgg.Hll.Serialization;

/// <summary>
/// SPARSE and FULL bodies. SPARSE lists each non-zero register, in index order, as a
/// (log2m + regwidth)-bit word: index high, value low. FULL packs every register in regwidth
/// bits. Both are most-significant-bit first with the last byte zero-padded.
/// </summary>
internal static class RegisterLayout
{
    // Eight registers of w bits are exactly w bytes, so FULL bodies go eight registers at a time.
    private const int Group = 8;

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

    /// <summary>Writes a body into a zeroed destination of exactly <see cref="Length"/> bytes.</summary>
    public static void Write(Span<byte> destination, HllRepresentation layout, ReadOnlySpan<byte> registers, HllSettings settings)
    {
        int width = settings.RegisterWidth;
        if (layout == HllRepresentation.Sparse)
        {
            WriteSparse(destination, registers, settings.Log2m, width);
        }
        else if (registers.Length % Group == 0)
        {
            WriteFullGroups(destination, registers, width);
        }
        else
        {
            var writer = new BitWriter(destination);
            foreach (byte register in registers)
            {
                writer.Write(register, width);
            }

            writer.Flush();
        }
    }

    public static void ReadFull(ReadOnlySpan<byte> body, Span<byte> registers, HllSettings settings)
    {
        int expected = FullLength(settings);
        if (body.Length != expected)
        {
            ThrowHelper.Format($"A FULL hll body for {settings} is {expected} bytes; got {body.Length}.");
        }

        int width = settings.RegisterWidth;
        if (registers.Length % Group == 0)
        {
            ReadFullGroups(body, registers, width);
            return;
        }

        var reader = new BitReader(body);
        for (int i = 0; i < registers.Length; i++)
        {
            registers[i] = (byte)reader.Read(width);
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

    private static void WriteSparse(Span<byte> destination, ReadOnlySpan<byte> registers, int log2m, int width)
    {
        var writer = new BitWriter(destination);
        int chunk = log2m + width;
        int index = registers.IndexOfAnyExcept((byte)0);
        while (index >= 0)
        {
            writer.Write(((uint)index << width) | registers[index], chunk);
            int next = registers[(index + 1)..].IndexOfAnyExcept((byte)0);
            index = next < 0 ? -1 : index + 1 + next;
        }

        writer.Flush();
    }

    private static void WriteFullGroups(Span<byte> destination, ReadOnlySpan<byte> registers, int width)
    {
        ulong mask = (1UL << width) - 1;
        int output = 0;
        for (int i = 0; i < registers.Length; i += Group)
        {
            ulong packed = 0;
            for (int j = 0; j < Group; j++)
            {
                packed = (packed << width) | (registers[i + j] & mask);
            }

            for (int b = width - 1; b >= 0; b--)
            {
                destination[output++] = (byte)(packed >> (b * 8));
            }
        }
    }

    private static void ReadFullGroups(ReadOnlySpan<byte> body, Span<byte> registers, int width)
    {
        byte mask = (byte)((1 << width) - 1);
        int input = 0;
        for (int i = 0; i < registers.Length; i += Group)
        {
            ulong packed = 0;
            for (int b = 0; b < width; b++)
            {
                packed = (packed << 8) | body[input++];
            }

            for (int j = Group - 1; j >= 0; j--)
            {
                registers[i + j] = (byte)(packed & mask);
                packed >>= width;
            }
        }
    }

    private static int FullLength(HllSettings settings) =>
        (int)((((long)settings.RegisterCount * settings.RegisterWidth) + 7) / 8);
}
