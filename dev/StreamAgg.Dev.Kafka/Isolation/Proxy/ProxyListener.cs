using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StreamAgg.Dev.Kafka.Isolation.Proxy;

// The proxy's stand-in for one broker: a loopback listener whose every connection is relayed to
// that broker through the interceptor.
internal sealed class ProxyListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _broker;
    private readonly IsolationInterceptor _interceptor;
    private readonly Action<string>? _trace;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly Task _accepting;

    public ProxyListener(IPEndPoint broker, IsolationInterceptor interceptor, Action<string>? trace)
    {
        _broker = broker;
        _interceptor = interceptor;
        _trace = trace;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public int BrokerPort => _broker.Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
                var connection = Task.Run(() => new ProxyConnection(client, _broker, _interceptor, _trace).RunAsync(_stop.Token));
                _connections.TryAdd(connection, 0);
                _ = connection.ContinueWith(done => _connections.TryRemove(done, out _), TaskScheduler.Default);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
