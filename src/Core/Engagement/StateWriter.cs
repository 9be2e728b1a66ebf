using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace StreamAgg.Core.Engagement;

/// <summary>Little-endian primitives and LEB128 varints into a buffer writer (the key-state format).</summary>
internal readonly ref struct StateWriter
{
    private readonly IBufferWriter<byte> _buffer;

    public StateWriter(IBufferWriter<byte> buffer) => _buffer = buffer;

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Double(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void VarUInt(ulong value)
    {
        Span<byte> span = _buffer.GetSpan(10);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        _buffer.Advance(n);
    }

    public void VarInt(long value) => VarUInt((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Length + 1 as a varint (0 for null), then UTF-8.</summary>
    public void String(string? value)
    {
        if (value is null)
        {
            VarUInt(0);
            return;
        }

        int length = Encoding.UTF8.GetByteCount(value);
        VarUInt((ulong)length + 1);
        int written = Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(written);
    }
}
