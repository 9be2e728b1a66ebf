using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamAgg.Web.Dashboard;
using StreamAgg.Web.Ingest;
using StreamAgg.Web.PlayerSdk;

namespace StreamAgg.Web;

/// <summary>
/// <c>streamagg serve</c>: one Kestrel server for the product's surface. Browser ingest
/// (<c>/v1/events</c>), the player snippet (<c>/sdk/streamagg.js</c>), the dashboard and its JSON
/// API (<c>/api/…</c>). Each area registers its services and maps its endpoints itself.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base URL Kestrel bound.</summary>
    public Uri Address { get; }

    /// <summary>The server's services, for tests that watch an area's state.</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>Starts listening.</summary>
    public static async Task<WebServer> StartAsync(WebServerOptions options, ILoggerFactory? logging = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            builder.Services.AddSingleton(logging);
        }

        builder.WebHost.UseKestrel(k => k.Listen(options.Bind, options.Port));
        builder.Services.AddSingleton(options);
        builder.Services.AddIngest(options);
        builder.Services.AddDashboard(options);
        var app = builder.Build();
        app.MapIngest();
        app.MapPlayerSdk();
        app.MapDashboard();
        await app.StartAsync(ct).ConfigureAwait(false);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new WebServer(app, bound);
    }

    /// <summary>Stops: requests in flight finish first.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
