using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using StreamAgg.Observability.Endpoints;
using StreamAgg.Observability.Export;

namespace StreamAgg.Cli.Hosting;

/// <summary>
/// What a long-running command offers its operators: the OpenTelemetry export its host set up
/// (<see cref="ServiceHost"/>) and the operations server (/healthz, /readyz, /metrics) on its own
/// port. Disposed before the host, whose providers flush the last metrics when it stops.
/// </summary>
internal sealed class CommandTelemetry : IAsyncDisposable
{
    private readonly TelemetryDescription _export;

    private CommandTelemetry(TelemetryDescription export, OperationsServer? server)
    {
        _export = export;
        Server = server;
    }

    public OperationsServer? Server { get; }

    /// <summary>/metrics answers anyone who reaches a non-loopback address: worth a warning.</summary>
    public bool MetricsOpenBeyondLoopback => Server is { ServesMetrics: true, MetricsNeedToken: false, BeyondLoopback: true };

    /// <summary>Serves /healthz, /readyz and /metrics as <paramref name="endpoint"/> says (nothing for port 0).</summary>
    /// <param name="host">The command's host, built by <see cref="ServiceHost.Build"/>.</param>
    /// <param name="endpoint">Port, address and token.</param>
    /// <param name="ready">The readiness check.</param>
    /// <param name="ct">Cancels start-up.</param>
    /// <param name="anyPortIfTaken">Take a free port when this one is taken (the demo) instead of failing.</param>
    public static async Task<CommandTelemetry> StartAsync(IHost host, HealthEndpoint endpoint, Func<bool> ready, CancellationToken ct, bool anyPortIfTaken = false)
    {
        var export = host.Services.GetRequiredService<TelemetryDescription>();
        if (endpoint.Port == 0)
        {
            return new CommandTelemetry(export, null);
        }

        var options = new OperationsServerOptions
        {
            Bind = endpoint.Bind,
            Port = endpoint.Port,
            Ready = ready,
            Metrics = host.Services.GetRequiredService<MeterProvider>(),
            MetricsToken = endpoint.MetricsToken,
        };
        try
        {
            return new CommandTelemetry(export, await OperationsServer.StartAsync(options, ct));
        }
        catch (IOException) when (anyPortIfTaken)
        {
            return new CommandTelemetry(export, await OperationsServer.StartAsync(options with { Port = 0 }, ct));
        }
        catch (IOException e)
        {
            throw new IOException($"--health-bind {endpoint.Bind} --health-port {endpoint.Port}: {e.Message} (pick another port or address, or --health-port 0 for none)", e);
        }
    }

    /// <summary>Where metrics, traces and health can be seen, one line each.</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var line in _export.Describe())
        {
            yield return line;
        }

        yield return Server is { } server ? server.Describe() : "health: off (--health-port 0)";
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
