using StreamAgg.Observability.Export;
using StreamAgg.Observability.Health;

namespace StreamAgg.Cli.Hosting;

/// <summary>
/// What a long-running command offers its operators: the OpenTelemetry pipeline (OTLP when the
/// standard variables ask for it, Prometheus text always) and the health server. Disposed after
/// the host stopped, so the last metrics are flushed.
/// </summary>
internal sealed class CommandTelemetry : IAsyncDisposable
{
    private CommandTelemetry(TelemetryPipeline pipeline)
    {
        Pipeline = pipeline;
    }

    public TelemetryPipeline Pipeline { get; }

    public HealthServer? Health { get; private set; }

    public static CommandTelemetry Start(TelemetryOptions options) => new(TelemetryPipeline.Start(options));

    /// <summary>Serves /healthz, /readyz and /metrics on <paramref name="port"/> (nothing for 0).</summary>
    /// <param name="port">The port; 0 serves nothing.</param>
    /// <param name="ready">The readiness check.</param>
    /// <param name="anyPortIfTaken">Take a free port when this one is taken (the demo) instead of failing.</param>
    /// <param name="ct">Cancels start-up.</param>
    public async Task ServeHealthAsync(int port, Func<bool> ready, CancellationToken ct, bool anyPortIfTaken = false)
    {
        if (port == 0)
        {
            return;
        }

        try
        {
            Health = await HealthServer.StartAsync(new HealthServerOptions { Port = port, Ready = ready, Metrics = Pipeline.Scrape }, ct);
        }
        catch (IOException) when (anyPortIfTaken)
        {
            Health = await HealthServer.StartAsync(new HealthServerOptions { Port = 0, Ready = ready, Metrics = Pipeline.Scrape }, ct);
        }
        catch (IOException e)
        {
            throw new IOException($"--health-port {port}: {e.Message} (pick another port, or 0 for none)", e);
        }
    }

    /// <summary>Where metrics, traces and health can be seen, one line each.</summary>
    public IEnumerable<string> Describe()
    {
        var otlp = Pipeline.Otlp;
        yield return otlp.Metrics is { } metrics
            ? $"metrics: OTLP to {metrics.Endpoint} every 15 s (service.name {Pipeline.ServiceName})"
            : "metrics: no OTLP export (set OTEL_EXPORTER_OTLP_ENDPOINT to export)";
        yield return otlp.Traces is { } traces ? $"traces: OTLP to {traces.Endpoint}" : "traces: off (no OTLP endpoint)";
        if (Health is { } health)
        {
            yield return $"health: {new Uri(health.Address, "/healthz")} and {new Uri(health.Address, "/readyz")}; Prometheus text: {new Uri(health.Address, "/metrics")}";
        }
        else
        {
            yield return "health: off (--health-port 0)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Health is not null)
        {
            await Health.DisposeAsync();
        }

        Pipeline.Dispose();
    }
}
