using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamAgg.Dev.Cli.Demo;
using StreamAgg.Web.PlayerSdk;

namespace StreamAgg.Web.Browser.Tests.PlayerSdk;

/// <summary>
/// A site for the snippet's tests: a page with a real video (WebM, made by ffmpeg) and the
/// snippet as serve delivers it (<see cref="PlayerSdkEndpoints.MapPlayerScript"/>), and, in place
/// of ingest, inboxes that keep every request the browser sends and answer as a test scripts them.
/// Each test takes its own inbox, so tests never see each other's events.
/// </summary>
public sealed class SnippetSite : IAsyncLifetime
{
    /// <summary>Length of the test video in seconds.</summary>
    public const int VideoSeconds = 8;

    private readonly ConcurrentDictionary<string, Inbox> _inboxes = new(StringComparer.Ordinal);
    private readonly string _directory = Directory.CreateTempSubdirectory("streamagg-snippet-site-").FullName;
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    /// <summary>The page with the video and the snippet, not yet attached.</summary>
    public Uri PlayerPage => new(Address, "/player");

    public Inbox NewInbox()
    {
        var inbox = new Inbox(Guid.NewGuid().ToString("N"), Address);
        _inboxes[inbox.Id] = inbox;
        return inbox;
    }

    public async Task InitializeAsync()
    {
        var video = Path.Combine(_directory, "test.webm");
        await DemoVideo.CreateAsync(video, VideoSeconds, width: 320, height: 180);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPlayerScript();
        _app.MapGet("/player", () => Results.Content(PlayerHtml, "text/html; charset=utf-8"));
        _app.MapGet("/blank", () => Results.Content("<!doctype html><title>elsewhere</title>", "text/html; charset=utf-8"));
        _app.MapGet("/video.webm", () => Results.File(video, "video/webm", enableRangeProcessing: true));
        _app.MapPost("/inbox/{id}/v1/events", async (string id, HttpContext context) =>
            _inboxes.TryGetValue(id, out var inbox) ? await inbox.ReceiveAsync(context) : Results.NotFound());
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private const string PlayerHtml = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>snippet test</title></head>
        <body>
        <video id="video" muted playsinline preload="auto" src="/video.webm" width="320" height="180"></video>
        <script src="/sdk/streamagg.js"></script>
        </body>
        </html>
        """;
}
