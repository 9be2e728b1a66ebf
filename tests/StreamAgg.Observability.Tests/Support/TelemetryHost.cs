using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StreamAgg.Observability.Endpoints;
using StreamAgg.Observability.Export;

namespace StreamAgg.Observability.Tests.Support;

/// <summary>
/// A started host with the commands' telemetry (<see cref="TelemetryServices.AddStreamAggTelemetry"/>),
/// its OTEL_* variables given in memory instead of the process environment.
/// </summary>
internal sealed class TelemetryHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TelemetryHost(IHost host) => _host = host;

    public MeterProvider Meters => _host.Services.GetRequiredService<MeterProvider>();

    public TelemetryDescription Description => _host.Services.GetRequiredService<TelemetryDescription>();

    public TracerProvider? Traces => _host.Services.GetService<TracerProvider>();

    /// <summary>Pushes whatever is pending to the OTLP endpoints now.</summary>
    public void ForceFlush()
    {
        Meters.ForceFlush();
        Traces?.ForceFlush();
    }

    public static async Task<TelemetryHost> StartAsync(TelemetryOptions options, params (string Name, string Value)[] variables)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)));
        builder.Services.AddStreamAggTelemetry(options, builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new TelemetryHost(host);
    }

    /// <summary>An operations server on a free loopback port serving this host's metrics.</summary>
    public Task<OperationsServer> ServeAsync(Func<bool>? ready = null, string? metricsToken = null) =>
        OperationsServer.StartAsync(new OperationsServerOptions { Port = 0, Ready = ready ?? (() => true), Metrics = Meters, MetricsToken = metricsToken });

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
