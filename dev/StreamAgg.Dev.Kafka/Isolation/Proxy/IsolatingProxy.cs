using System.Globalization;
using System.Net;
using StreamAgg.Dev.Kafka.Isolation.Transactions;

namespace StreamAgg.Dev.Kafka.Isolation.Proxy;

/// <summary>
/// A Kafka-protocol proxy in front of the embedded cluster's brokers, one loopback listener per
/// broker, that gives the cluster Kafka's transactional isolation: read_committed readers see
/// neither aborted nor open transactions, a re-initialised transactional.id aborts its previous
/// incarnation's transaction and fences it, open transactions time out, and offsets sent to a
/// transaction are stored in the group when it commits. The state lives in this process.
/// </summary>
internal sealed class IsolatingProxy : IAsyncDisposable
{
    private static readonly TimeSpan ExpiryInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan OffsetRetryInterval = TimeSpan.FromMilliseconds(200);

    private readonly List<ProxyListener> _listeners;
    private readonly GroupOffsetStore _offsetStore;
    private readonly IsolationInterceptor _interceptor;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _expiring;
    private readonly Task _storingOffsets;
    private int _disposed;

    private IsolatingProxy(IReadOnlyList<IPEndPoint> brokers, TimeProvider clock, Action<string>? trace)
    {
        Coordinator = new TransactionCoordinator(clock);
        _offsetStore = new GroupOffsetStore(brokers);
        var proxyPorts = new Dictionary<int, int>();
        _interceptor = new IsolationInterceptor(
            Coordinator, new GroupMembership(), _offsetStore, port => proxyPorts.TryGetValue(port, out var proxyPort) ? proxyPort : null, clock, trace);
        _listeners = brokers.Select(broker => new ProxyListener(broker, _interceptor, trace)).ToList();
        foreach (var listener in _listeners)
        {
            proxyPorts[listener.BrokerPort] = listener.Port;
        }

        BootstrapServers = string.Join(',', _listeners.Select(l => $"127.0.0.1:{l.Port.ToString(CultureInfo.InvariantCulture)}"));
        _expiring = ExpireAsync(clock, trace);
        _storingOffsets = StoreOffsetsAsync(clock);
    }

    /// <summary>The bootstrap.servers string of the proxy's listeners.</summary>
    public string BootstrapServers { get; }

    /// <summary>The transaction state.</summary>
    public TransactionCoordinator Coordinator { get; }

    /// <summary>Starts listeners in front of the brokers of <paramref name="brokerBootstrapServers"/> (127.0.0.1:port,...).</summary>
    public static IsolatingProxy Start(string brokerBootstrapServers, TimeProvider clock, Action<string>? trace)
    {
        var brokers = brokerBootstrapServers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(IPEndPoint.Parse)
            .ToList();
        return new IsolatingProxy(brokers, clock, trace);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _expiring.ConfigureAwait(false);
        await _storingOffsets.ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _interceptor.Dispose();
        _offsetStore.Dispose();
        _stop.Dispose();
    }

    private async Task ExpireAsync(TimeProvider clock, Action<string>? trace)
    {
        using var timer = new PeriodicTimer(ExpiryInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                foreach (var producer in Coordinator.AbortExpired())
                {
                    trace?.Invoke($"producer {producer}: transaction timed out, aborted and fenced");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    // Committed transactions' offsets the group coordinator refused during a rebalance, stored
    // once it takes them (see IsolationInterceptor.StorePendingAsync).
    private async Task StoreOffsetsAsync(TimeProvider clock)
    {
        using var timer = new PeriodicTimer(OffsetRetryInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await _interceptor.StorePendingAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
