using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamAgg.Observability.Prometheus;

namespace StreamAgg.Observability.Health;

/// <summary>
/// A small Kestrel server for the platform around a long-running command: <c>/healthz</c>
/// (the process answers: alive), <c>/readyz</c> (200 once <see cref="HealthServerOptions.Ready"/>
/// says so, else 503) and <c>/metrics</c> (Prometheus text). Kestrel rather than HttpListener:
/// it ships with the installed ASP.NET Core runtime, binds port 0 for tests and reports the
/// port it got, and serves concurrent scrapes without a hand-written accept loop.
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HealthServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base URL it listens on (loopback form, for people and tests).</summary>
    public Uri Address { get; }

    /// <summary>Starts listening on all interfaces at <see cref="HealthServerOptions.Port"/> (0: any free port).</summary>
    public static async Task<HealthServer> StartAsync(HealthServerOptions options, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Any, options.Port));
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => options.Ready() ? Results.Text("ready\n") : Results.Text("not ready\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        if (options.Metrics is { } scrape)
        {
            app.MapGet("/metrics", () => Results.Text(scrape.Collect(), PrometheusScrape.ContentType));
        }

        await app.StartAsync(ct).ConfigureAwait(false);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new HealthServer(app, new UriBuilder(bound) { Host = "localhost" }.Uri);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
