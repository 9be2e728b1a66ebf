using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StreamAgg.Web.Ingest;

namespace StreamAgg.Web.Operations;

/// <summary>
/// Whether <c>serve</c> is ready (<c>/readyz</c>): a broker answered the ingest producer's metadata
/// request and PostgreSQL answered <c>SELECT 1</c>, both within the last probe. Probed in the
/// background every <see cref="Interval"/>, so that a probe never waits on a slow dependency.
/// </summary>
internal sealed class ServeReadiness : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    private readonly IngestProducer _producer;
    private readonly NpgsqlDataSource _postgres;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile bool _ready;

    private ServeReadiness(IngestProducer producer, NpgsqlDataSource postgres)
    {
        _producer = producer;
        _postgres = postgres;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>True while both dependencies answered their latest probe.</summary>
    public bool IsReady => _ready;

    /// <summary>Starts probing the dependencies of <paramref name="server"/>.</summary>
    public static ServeReadiness Start(WebServer server) =>
        new(server.Services.GetRequiredService<IngestProducer>(), server.Services.GetRequiredService<WebServerOptions>().Postgres);

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            _ready = await KafkaAnswersAsync().ConfigureAwait(false) && await PostgresAnswersAsync().ConfigureAwait(false);
        }
        while (await WaitAsync(timer).ConfigureAwait(false));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private Task<bool> KafkaAnswersAsync() => Task.Run(() =>
    {
        try
        {
            using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
            return admin.GetMetadata(Patience).Brokers.Count > 0;
        }
        catch (KafkaException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    });

    private async Task<bool> PostgresAnswersAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(Patience);
        try
        {
            await using var command = _postgres.CreateCommand("SELECT 1");
            return await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false) is 1;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
