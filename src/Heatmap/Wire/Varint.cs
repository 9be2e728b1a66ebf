using System.Buffers;

namespace StreamAgg.Heatmap.Wire;

/// <summary>Unsigned LEB128: 7 bits per byte, least significant group first, high bit = more follows.</summary>
internal static class Varint
{
    public const int MaxLength = 10;

    public static void Write(IBufferWriter<byte> writer, ulong value)
    {
        Span<byte> span = writer.GetSpan(MaxLength);
        int length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        writer.Advance(length);
    }

    public static ulong Read(ReadOnlySpan<byte> source, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= source.Length)
            {
                ThrowHelper.Format("A heatmap delta ends inside a varint.");
            }

            byte b = source[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                if (shift == 63 && b > 1)
                {
                    break;
                }

                return value;
            }
        }

        ThrowHelper.Format("A heatmap delta varint is longer than 64 bits.");
        return 0;
    }
}
