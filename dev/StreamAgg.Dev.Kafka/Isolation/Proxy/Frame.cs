using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace StreamAgg.Dev.Kafka.Isolation.Proxy;

// One size-prefixed Kafka frame in a pooled buffer (the prefix included, as it is forwarded).
// Return() gives the buffer back; a frame is used by one pump at a time.
internal readonly struct Frame(byte[] buffer, int length)
{
    // Far above anything the embedded brokers or librdkafka send; a larger size means a broken stream.
    private const int MaxSize = 256 * 1024 * 1024;

    public int Length => length;

    public Span<byte> Span => buffer.AsSpan(0, length);

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

    // The next frame, or null at the end of the stream.
    public static async ValueTask<Frame?> ReadAsync(NetworkStream stream, byte[] sizeBuffer, CancellationToken cancellationToken)
    {
        if (await stream.ReadAtLeastAsync(sizeBuffer.AsMemory(0, 4), 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < 4)
        {
            return null;
        }

        var size = BinaryPrimitives.ReadInt32BigEndian(sizeBuffer);
        if (size < 0 || size > MaxSize)
        {
            throw new IOException($"a Kafka frame of {size} bytes: the stream is not Kafka's protocol");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size + 4);
        sizeBuffer.AsSpan(0, 4).CopyTo(buffer);
        try
        {
            await stream.ReadExactlyAsync(buffer.AsMemory(4, size), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new Frame(buffer, size + 4);
    }

    public void Return() => ArrayPool<byte>.Shared.Return(buffer);
}
