using Npgsql;
using StreamAgg.Dev.Kafka;
using StreamAgg.Dev.Postgres;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Kafka.Topics;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Schema;

namespace StreamAgg.Web.Browser.Tests.Dashboard;

/// <summary>
/// The dashboard over a real PostgreSQL holding two heatmaps written by the heatmap sink's writer on
/// <see cref="Day"/>: <c>moments</c> (300 s, 200 viewers from 0: 50 leave at 12 s, 30 at 150 s, 40
/// of those watching to the end watch [90, 100) twice, 20 more jump in at 200 s) and <c>few</c>
/// (30 viewers: too few for moments). The embedded Kafka is there because the server reads it.
/// </summary>
public sealed class KeyMomentsSite : IAsyncLifetime
{
    public const string ReadToken = "key-moments-test-read-token-51c2";
    public static readonly DateOnly Day = new(2026, 11, 20);

    private PostgresTarget? _postgres;
    private NpgsqlDataSource? _dataSource;
    private KafkaTarget? _kafka;
    private WebServer? _server;

    public Uri Address => _server!.Address;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresTarget.AcquireAsync();
        _dataSource = NpgsqlDataSource.Create(await _postgres.CreateIsolatedSchemaAsync("moments"));
        await EngagementSchema.ApplyAsync(_dataSource);
        var heatmap = new HeatmapAccumulator(HllSettings.Default, saltSecret: null, HeatmapTracking.Deltas);
        for (var i = 0; i < 200; i++)
            heatmap.Credit("moments", Day, $"m{i}", 0, i < 50 ? 12 : i < 80 ? 150 : 300);
        for (var i = 80; i < 120; i++)
            heatmap.Credit("moments", Day, $"m{i}", 90, 100);
        for (var i = 0; i < 20; i++)
            heatmap.Credit("moments", Day, $"j{i}", 200, 300);
        for (var i = 0; i < 30; i++)
            heatmap.Credit("few", Day, $"f{i}", 0, i < 15 ? 12 : 300);
        var batch = new HeatmapBatch();
        foreach (var delta in heatmap.DrainDeltas())
            batch.AddDelta(delta);
        await new HeatmapWriter(_dataSource).WriteAsync(batch);

        _kafka = KafkaTarget.StartEmbedded(TopicCatalog.Load());
        _server = await WebServer.StartAsync(new WebServerOptions
        {
            Port = 0,
            Kafka = _kafka.Settings,
            Postgres = _dataSource,
            ReadToken = ReadToken,
            WriteKeys = new Dictionary<string, string> { ["test"] = "key-moments-test-write-key" },
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_kafka is not null)
            await _kafka.DisposeAsync();
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }
}
