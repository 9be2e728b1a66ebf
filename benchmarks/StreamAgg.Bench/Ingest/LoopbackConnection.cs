using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StreamAgg.Bench.Ingest;

/// <summary>
/// The load generator's client: one keep-alive HTTP/1.1 connection that sends pre-encoded POSTs
/// and reads each answer (status line, headers, a Content-Length body), in the manner of wrk. It
/// costs a fraction of <see cref="HttpClient"/>'s CPU, and the load generator shares the process
/// (and the 2 cores) with the server it measures.
/// </summary>
internal sealed class LoopbackConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private LoopbackConnection(Socket socket) => _socket = socket;

    public static async Task<LoopbackConnection> OpenAsync(Uri server, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(server.Host), server.Port), ct).ConfigureAwait(false);
        return new LoopbackConnection(socket);
    }

    /// <summary>A whole request, headers and body, ready to send.</summary>
    public static byte[] Request(Uri server, string key, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes(
            $"POST /v1/events HTTP/1.1\r\nHost: {server.Authority}\r\nX-StreamAgg-Key: {key}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends <paramref name="request"/> and returns the answer's status code and body.</summary>
    public async Task<(int Status, ReadOnlyMemory<byte> Body)> SendAsync(byte[] request, CancellationToken ct)
    {
        await _socket.SendAsync(request, SocketFlags.None, ct).ConfigureAwait(false);
        int headEnd;
        while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(ct).ConfigureAwait(false);
        }

        var head = _buffer.AsMemory(_start, headEnd);
        int status = ParseStatus(head.Span);
        int length = ContentLength(head.Span);
        _start += headEnd + 4;
        while (_end - _start < length)
        {
            await FillAsync(ct).ConfigureAwait(false);
        }

        var body = _buffer.AsMemory(_start, length);
        _start += length;
        return (status, body);
    }

    public void Dispose() => _socket.Dispose();

    private async Task FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        int read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += read;
    }

    private static int ParseStatus(ReadOnlySpan<byte> head) =>
        Utf8Parser.TryParse(head["HTTP/1.1 ".Length..], out int status, out _) ? status : throw new IOException("not an HTTP/1.1 answer");

    private static int ContentLength(ReadOnlySpan<byte> head)
    {
        var name = "\r\nContent-Length: "u8;
        int at = head.IndexOf(name);
        if (at < 0)
        {
            throw new IOException("an answer without Content-Length");
        }

        return Utf8Parser.TryParse(head[(at + name.Length)..], out int length, out _) ? length : throw new IOException("a bad Content-Length");
    }
}
