using System.Buffers;
using System.Buffers.Binary;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// Builds a frame (size prefix included) in a pooled, growing buffer: the rewritten Fetch responses
// and the proxy's own OffsetCommit / FindCoordinator requests. Dispose returns the buffer.
internal sealed class WireWriter : IDisposable
{
    private byte[] _buffer;

    public WireWriter(int capacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 16));
        Length = 4; // the size prefix, filled by Frame()
    }

    public int Length { get; private set; }

    // The finished frame: size prefix plus body.
    public ReadOnlyMemory<byte> Frame()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer, Length - 4);
        return _buffer.AsMemory(0, Length);
    }

    public void WriteInt8(sbyte value) => Grow(1)[0] = (byte)value;

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Grow(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Grow(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Grow(8), value);

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt16(-1);
            return;
        }

        var count = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteInt16(checked((short)count));
        System.Text.Encoding.UTF8.GetBytes(value, Grow(count));
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grow(bytes.Length));

    // Overwrites an int32 written earlier (a length or count known only later).
    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(position, 4), value);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private Span<byte> Grow(int count)
    {
        if (Length + count > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + count));
            _buffer.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
