using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StreamAgg.Dev.Kafka.Isolation.Proxy;

// One client connection and its twin to the broker behind: requests flow one way, responses the
// other, each through the interceptor. Responses come back in request order (Kafka's rule), so a
// queue of pending requests pairs them. When the client goes away (a producer killed with kill -9)
// the responses already asked for are still read, so the coordinator learns where the last
// batches landed; when the broker goes away (set down) the client is disconnected too.
internal sealed class ProxyConnection(Socket client, IPEndPoint broker, IsolationInterceptor interceptor, Action<string>? trace)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<PendingRequest> _pending = new();
    private readonly Socket _broker = new(broker.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private volatile bool _clientGone;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        client.NoDelay = true;
        try
        {
            try
            {
                await _broker.ConnectAsync(broker, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return; // the broker is down: so is this connection, as if refused
            }

            await using var clientStream = new NetworkStream(client, ownsSocket: false);
            await using var brokerStream = new NetworkStream(_broker, ownsSocket: false);
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var responses = PumpResponsesAsync(brokerStream, clientStream, drain.Token);
            await PumpRequestsAsync(clientStream, brokerStream, cancellationToken).ConfigureAwait(false);
            _clientGone = true;
            if (_pending.IsEmpty)
            {
                _broker.Close();
            }
            else
            {
                drain.CancelAfter(DrainTimeout);
            }

            await responses.ConfigureAwait(false);
        }
        finally
        {
            _broker.Dispose();
            client.Dispose();
        }
    }

    private async Task PumpRequestsAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var size = new byte[4];
        try
        {
            while (await Frame.ReadAsync(from, size, cancellationToken).ConfigureAwait(false) is { } frame)
            {
                try
                {
                    if (interceptor.OnRequest(frame.Span) is { } pending)
                    {
                        _pending.Enqueue(pending);
                    }

                    await to.WriteAsync(frame.Memory, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    frame.Return();
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client or the broker went away; RunAsync closes up.
        }
    }

    private async Task PumpResponsesAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var size = new byte[4];
        try
        {
            while (await Frame.ReadAsync(from, size, cancellationToken).ConfigureAwait(false) is { } frame)
            {
                try
                {
                    if (!_pending.TryDequeue(out var pending))
                    {
                        trace?.Invoke("a response without a request: closing the connection");
                        return;
                    }

                    var (bytes, owner) = await interceptor.OnResponseAsync(frame, pending, cancellationToken).ConfigureAwait(false);
                    using (owner)
                    {
                        if (!_clientGone)
                        {
                            await WriteToClientAsync(to, bytes, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                finally
                {
                    frame.Return();
                }

                if (_clientGone && _pending.IsEmpty)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The broker went away, or the drain timed out.
        }
        finally
        {
            // Without its broker the client connection is useless: close it, which also ends the
            // request pump.
            client.Close();
        }
    }

    private async Task WriteToClientAsync(NetworkStream to, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await to.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _clientGone = true; // keep reading what the broker still owes, for the coordinator
        }
    }
}
