using System.Net;
using Microsoft.Extensions.Logging;
using StreamAgg.Web;
using StreamAgg.Web.PlayerSdk;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>
/// The demo's <c>serve</c>: ingest, the dashboard, the snippet and the demo's player page on one
/// loopback port, over the demo's Kafka and PostgreSQL, with the run's own secrets.
/// </summary>
internal static class DemoWeb
{
    public const string VideoId = "demo-player-video";
    public const string VideoTitle = "StreamAgg demo: test pattern";

    /// <summary>The demo's video, made once per machine (ffmpeg) and reused by later runs.</summary>
    public static async Task<string> VideoFileAsync(CancellationToken cancellation)
    {
        var path = Path.Combine(Path.GetTempPath(), "streamagg-demo", "test-pattern-40s-v1.webm");
        if (!File.Exists(path))
        {
            await DemoVideo.CreateAsync(path, seconds: 40, ct: cancellation);
        }

        return path;
    }

    /// <summary>Starts serving on <paramref name="port"/>, or on a free port when that one is taken.</summary>
    public static async Task<WebServer> StartAsync(DemoPipeline pipeline, DemoSecrets secrets, string videoFile, int port, ILoggerFactory? logging, CancellationToken cancellation)
    {
        WebServerOptions Options(int p) => new()
        {
            Bind = IPAddress.Loopback,
            Port = p,
            Kafka = pipeline.Kafka.Settings,
            Postgres = pipeline.DataSource,
            ReadToken = secrets.ReadToken,
            WriteKeys = new Dictionary<string, string> { [secrets.Site] = secrets.WriteKey },
            DemoPlayer = new DemoPlayerOptions { VideoFile = videoFile, VideoId = VideoId, VideoTitle = VideoTitle, Site = secrets.Site },
        };

        try
        {
            return await WebServer.StartAsync(Options(port), logging, cancellation);
        }
        catch (IOException) when (port != 0)
        {
            // Taken (another demo, another server): any free port, printed with the addresses.
            return await WebServer.StartAsync(Options(0), logging, cancellation);
        }
    }
}
