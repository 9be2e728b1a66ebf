using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// A request body read whole into a buffer rented from the shared pool (returned on dispose), up
/// to a limit: a body announced or found larger is <see cref="TooLarge"/>, and reading stops there.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private const int InitialSize = 16 * 1024;

    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length, bool tooLarge)
    {
        _buffer = buffer;
        Length = length;
        TooLarge = tooLarge;
    }

    public int Length { get; }

    public bool TooLarge { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return new RequestBody([], 0, tooLarge: true);
        }

        int initial = request.ContentLength is { } announced ? (int)announced + 1 : InitialSize;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initial, maxBytes + 1));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        // One byte past the limit is enough to know: the rest is never read.
        return new RequestBody(buffer, Math.Min(length, maxBytes), tooLarge: length > maxBytes);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
