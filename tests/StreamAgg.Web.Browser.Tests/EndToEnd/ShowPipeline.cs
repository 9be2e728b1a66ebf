using StreamAgg.Dev.Cli.Demo;
using StreamAgg.Observability.Logging;
using StreamAgg.Processor;

namespace StreamAgg.Web.Browser.Tests.EndToEnd;

/// <summary>
/// Everything the end-to-end test runs, started as <c>streamagg demo</c> starts it: the embedded
/// Kafka and a throwaway PostgreSQL, the processor and the sinks, and serve (ingest, dashboard,
/// snippet, the demo's player page) with fresh secrets, playing a short real video.
/// </summary>
public sealed class ShowPipeline : IAsyncLifetime
{
    public const int VideoSeconds = 8;

    // Sessions of a partition that went quiet close after a second, so that the watched seconds
    // reach the heatmap right after the video ends instead of after the 30-minute session timeout.
    private static readonly TimeSpan CloseIdleAfter = TimeSpan.FromSeconds(1);

    private readonly string _directory = Directory.CreateTempSubdirectory("streamagg-show-").FullName;
    private DemoPipeline? _pipeline;
    private WebServer? _web;

    internal DemoSecrets Secrets { get; } = DemoSecrets.Generate();

    public Uri Address => _web?.Address ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var video = Path.Combine(_directory, "show.webm");
        var encoding = DemoVideo.CreateAsync(video, VideoSeconds, width: 320, height: 180);
        _pipeline = await DemoPipeline.CreateAsync(
            bootstrap => new ProcessorOptions { BootstrapServers = bootstrap, InstanceId = "show", CloseIdleAfter = CloseIdleAfter },
            LogFormat.Text,
            _ => { },
            CancellationToken.None);
        await _pipeline.StartAsync(CancellationToken.None);
        await encoding;
        _web = await DemoWeb.StartAsync(_pipeline, Secrets, video, port: 0, logging: null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }

        if (_pipeline is not null)
        {
            await _pipeline.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
