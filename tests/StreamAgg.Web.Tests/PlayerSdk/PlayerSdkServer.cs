using System.Net;
using Npgsql;
using StreamAgg.Kafka.Clients;
using StreamAgg.Web.PlayerSdk;

namespace StreamAgg.Web.Tests.PlayerSdk;

/// <summary>One serve for the snippet's endpoint tests, with the demo's player page on (a stand-in file as its video).</summary>
public sealed class PlayerSdkServer : IAsyncLifetime
{
    public const string WriteKey = "write-key-of-the-demo-site-for-tests";

    private readonly string _video = Path.GetTempFileName();
    private NpgsqlDataSource? _dataSource;
    private WebServer? _server;

    /// <summary>A client that leaves compressed bodies compressed.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllBytesAsync(_video, [0x1A, 0x45, 0xDF, 0xA3, 1, 2, 3, 4, 5, 6]);
        _dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=none");
        _server = await WebServer.StartAsync(new WebServerOptions
        {
            Port = 0,
            Kafka = new KafkaClientSettings("127.0.0.1:1"),
            Postgres = _dataSource,
            ReadToken = "read-token-for-tests-only",
            WriteKeys = new Dictionary<string, string> { ["demo"] = WriteKey },
            DemoPlayer = new DemoPlayerOptions { VideoFile = _video, VideoId = "demo-video", VideoTitle = "A <b>demo</b>", Site = "demo" },
        });
        Http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = _server.Address };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        File.Delete(_video);
    }
}
