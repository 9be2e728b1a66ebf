using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace StreamAgg.Observability.Endpoints;

/// <summary>
/// A small Kestrel server for the platform around a long-running command, on a port of its own:
/// <c>/healthz</c> (liveness: the process answers), <c>/readyz</c> (readiness: 200 once
/// <see cref="OperationsServerOptions.Ready"/> says so, else 503), both ASP.NET Core health checks,
/// and <c>/metrics</c>, OpenTelemetry's Prometheus exporter over the command's MeterProvider.
/// It binds exactly <see cref="OperationsServerOptions.Bind"/> and reports what it bound.
/// </summary>
public sealed class OperationsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OperationsServer(WebApplication app, Uri address, bool metrics, bool metricsToken)
    {
        _app = app;
        Address = address;
        ServesMetrics = metrics;
        MetricsNeedToken = metricsToken;
    }

    /// <summary>The base URL it listens on, as Kestrel bound it (<c>http://0.0.0.0:9464/</c> when bound to every interface).</summary>
    public Uri Address { get; }

    /// <summary>A base URL that reaches it from this machine: <see cref="Address"/>, with loopback for an any-address bind.</summary>
    public Uri LocalAddress => Address.Host switch
    {
        "0.0.0.0" => new UriBuilder(Address) { Host = "127.0.0.1" }.Uri,
        "[::]" => new UriBuilder(Address) { Host = "[::1]" }.Uri,
        _ => Address,
    };

    /// <summary>Whether <c>/metrics</c> is served.</summary>
    public bool ServesMetrics { get; }

    /// <summary>Whether <c>/metrics</c> requires the bearer token.</summary>
    public bool MetricsNeedToken { get; }

    /// <summary>Whether it answers on more than the loopback interface.</summary>
    public bool BeyondLoopback => !IPAddress.IsLoopback(IPAddress.Parse(Address.Host));

    /// <summary>Starts listening (a taken port throws <see cref="IOException"/>).</summary>
    public static async Task<OperationsServer> StartAsync(OperationsServerOptions options, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(options.Bind, options.Port));
        builder.Services.AddHealthChecks().AddCheck("ready", new ReadinessCheck(options.Ready), tags: [ReadinessCheck.Tag]);
        var app = builder.Build();
        // Liveness runs no check: a process that answers HTTP is alive. Readiness runs ours.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = (c, _) => c.Response.WriteAsync("ok\n") });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadinessCheck.Tag),
            ResponseWriter = (c, report) => c.Response.WriteAsync(report.Status == HealthStatus.Healthy ? "ready\n" : "not ready\n"),
        });
        if (options.Metrics is { } meterProvider)
        {
            var token = options.MetricsToken is { Length: > 0 } secret ? new MetricsToken(secret) : null;
            app.MapPrometheusScrapingEndpoint(
                "/metrics",
                meterProvider,
                branch =>
                {
                    if (token is not null)
                    {
                        branch.Use((context, next) => token.CheckAsync(context, () => next(context)));
                    }
                },
                optionsName: null);
        }

        await app.StartAsync(ct).ConfigureAwait(false);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new OperationsServer(app, bound, options.Metrics is not null, options.MetricsToken is { Length: > 0 });
    }

    /// <summary>What it serves where, for the start-up log: the address is the one bound.</summary>
    public string Describe()
    {
        var metrics = !ServesMetrics ? "" : MetricsNeedToken ? ", /metrics (bearer token)" : ", /metrics";
        return $"health: listening on {Address.Authority} (/healthz, /readyz{metrics})";
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
