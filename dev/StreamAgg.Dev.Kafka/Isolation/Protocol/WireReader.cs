using System.Buffers.Binary;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// A forward-only reader of Kafka's primitive types over one frame, big-endian as the protocol is.
// It reads only what the proxy must understand and skips the rest; Position is the offset in the
// frame, so a caller can patch a field in place where it read it. Out-of-range reads throw
// MalformedFrameException: a frame the proxy cannot parse is forwarded untouched by the caller.
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _frame;

    public WireReader(ReadOnlySpan<byte> frame, int position = 0)
    {
        _frame = frame;
        Position = position;
    }

    public int Position { get; private set; }

    public readonly int Remaining => _frame.Length - Position;

    public sbyte ReadInt8() => (sbyte)Take(1)[0];

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public bool ReadBoolean() => Take(1)[0] != 0;

    // STRING / NULLABLE_STRING: int16 length, -1 for null.
    public string? ReadString()
    {
        var length = ReadInt16();
        return length < 0 ? null : System.Text.Encoding.UTF8.GetString(Take(length));
    }

    // A STRING's UTF-8 bytes, without decoding them (empty for null).
    public ReadOnlySpan<byte> ReadStringBytes()
    {
        var length = ReadInt16();
        return length <= 0 ? [] : Take(length);
    }

    public void SkipString()
    {
        var length = ReadInt16();
        if (length > 0)
        {
            Take(length);
        }
    }

    // BYTES / NULLABLE_BYTES (record sets): int32 length, -1 for null. Returns the offset of the
    // first byte and the length (0 for null), without copying.
    public (int Offset, int Length) ReadBytesRange()
    {
        var length = ReadInt32();
        if (length <= 0)
        {
            return (Position, 0);
        }

        var offset = Position;
        Take(length);
        return (offset, length);
    }

    // ARRAY: int32 count, -1 for null (read as 0).
    public int ReadArrayCount() => Math.Max(ReadInt32(), 0);

    public uint ReadUnsignedVarint()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1)[0];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new MalformedFrameException("an unsigned varint longer than 5 bytes");
    }

    // COMPACT_STRING / COMPACT_NULLABLE_STRING: uvarint length + 1, 0 for null.
    public string? ReadCompactString()
    {
        var length = (int)ReadUnsignedVarint() - 1;
        return length < 0 ? null : System.Text.Encoding.UTF8.GetString(Take(length));
    }

    // COMPACT_ARRAY: uvarint count + 1, 0 for null (read as 0).
    public int ReadCompactArrayCount() => Math.Max((int)ReadUnsignedVarint() - 1, 0);

    // TAG_BUFFER: uvarint count, then per field uvarint tag, uvarint size, data.
    public void SkipTaggedFields()
    {
        var count = ReadUnsignedVarint();
        for (var i = 0; i < count; i++)
        {
            ReadUnsignedVarint();
            var size = (int)ReadUnsignedVarint();
            Take(size);
        }
    }

    public void Skip(int count) => Take(count);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _frame.Length - Position)
        {
            throw new MalformedFrameException($"a field of {count} bytes at {Position} runs past the frame's {_frame.Length} bytes");
        }

        var span = _frame.Slice(Position, count);
        Position += count;
        return span;
    }
}
