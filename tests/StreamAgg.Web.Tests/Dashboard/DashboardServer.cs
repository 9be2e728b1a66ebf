using System.Globalization;
using System.Net.Http.Headers;
using Confluent.Kafka;
using Npgsql;
using StreamAgg.Core.Engagement;
using StreamAgg.Dev.Kafka;
using StreamAgg.Dev.Postgres;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Kafka.Topics;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Schema;
using StreamAgg.Sink.Writing;
using StreamAgg.Wire;

namespace StreamAgg.Web.Tests.Dashboard;

/// <summary>
/// <c>streamagg serve</c>'s web server over a real PostgreSQL (the sink's schema, filled through the
/// sink's own writers with known rows and heatmap credits) and the embedded Kafka (dead letters
/// and player events produced to it), shared by a test class.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime
{
    public const string ReadToken = "dashboard-test-read-token-7f3a";
    public static readonly DateOnly Day = new(2026, 11, 20);
    public const int PlayerEventsProduced = 25;

    private PostgresTarget? _postgres;
    private KafkaTarget? _kafka;
    private WebServer? _server;
    private long _nextOffset;

    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public HeatmapAccumulator Heatmap { get; } = new(HllSettings.Default, saltSecret: null, HeatmapTracking.Both);
    public Uri Address => _server!.Address;

    /// <summary>A client without credentials and without redirects (tests look at the redirect itself).</summary>
    public HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address };

    /// <summary>A client that sends the read token as a bearer token.</summary>
    public HttpClient Reader()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReadToken);
        return client;
    }

    public async Task InitializeAsync()
    {
        _postgres = await PostgresTarget.AcquireAsync();
        DataSource = NpgsqlDataSource.Create(await _postgres.CreateIsolatedSchemaAsync("dashboard"));
        await EngagementSchema.ApplyAsync(DataSource);
        await StoreRowsAsync(KnownRows());
        await StoreHeatmapAsync();
        await StoreSinkDeadLettersAsync();

        _kafka = KafkaTarget.StartEmbedded(TopicCatalog.Load());
        await ProduceAsync();

        _server = await WebServer.StartAsync(new WebServerOptions
        {
            Port = 0,
            Kafka = _kafka.Settings,
            Postgres = DataSource,
            ReadToken = ReadToken,
            WriteKeys = new Dictionary<string, string> { ["test"] = "dashboard-test-write-key" },
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_kafka is not null)
            await _kafka.DisposeAsync();
        await DataSource.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    /// <summary>
    /// v1 (300 s): ten viewers on <see cref="Day"/>; viewer i reached 30·(i+1) s (so 10 % … 100 %),
    /// completed when i ≥ 9 (the last one), watched 30·(i+1) s; tiers by i: 0–3 Minimal, 4–5 Low,
    /// 6–7 Medium, 8–9 High; viewers 0 and 1 are still watching. v2: three viewers, duration unknown.
    /// A viewer of v3 only on the day before <see cref="Day"/>.
    /// </summary>
    internal static IEnumerable<EngagementRow> KnownRows()
    {
        for (var i = 0; i < 10; i++)
        {
            var reached = 30.0 * (i + 1);
            yield return Row($"user-{i}", "v1", 300, reached, i >= 9 ? 1 : 0, i switch { < 4 => "Minimal", < 6 => "Low", < 8 => "Medium", _ => "High" }, active: i < 2, Day);
        }
        for (var i = 0; i < 3; i++)
            yield return Row($"user-{i}", "v2", null, 20, 0, "Unknown", active: false, Day);
        yield return Row("user-0", "v3", 100, 100, 1, "High", active: false, Day.AddDays(-1));
    }

    /// <summary>Rows of a video no other test looks at (v9, a month before <see cref="Day"/>), for tests that store more.</summary>
    internal static IEnumerable<EngagementRow> UnrelatedRows(int count) =>
        Enumerable.Range(0, count).Select(i => Row($"late-{Guid.NewGuid():N}", "v9", 60, 60, 1, "High", active: false, Day.AddDays(-30)));

    private static EngagementRow Row(string user, string video, double? duration, double reached, int completions, string tier, bool active, DateOnly day)
    {
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds();
        double? Percent(double v) => duration is { } d ? 100 * v / d : null;
        return new EngagementRow
        {
            UserId = user,
            VideoId = video,
            VideoTitle = video == "v1" ? "Intro to Streams" : null,
            VideoDuration = duration,
            TotalWatchTime = reached,
            UniqueSecondsWatched = reached,
            MaxPositionReached = reached,
            WatchPercentage = Percent(reached),
            UniqueWatchPercentage = Percent(reached),
            CompletionPercentage = Percent(reached),
            SessionCount = 1,
            CompletionCount = completions,
            ReplayCount = 0,
            TotalPauses = 0,
            AvgPausesPerSession = 0,
            TotalForwardSkips = 0,
            TotalBackwardSkips = 0,
            EngagementScore = duration is null ? null : 50,
            EngagementTier = tier,
            EventsApplied = 3,
            LateEventsDropped = 0,
            DuplicateEventsDropped = 0,
            FirstEventAtMs = start,
            LastEventAtMs = start + (long)(reached * 1000),
            QualityFlags = duration is null ? ["missing_duration"] : [],
            ActiveSession = active,
            Version = 1,
        };
    }

    /// <summary>Stores rows through the engagement sink's writer, each with the next offset of <c>engagement</c> partition 0.</summary>
    internal async Task StoreRowsAsync(IEnumerable<EngagementRow> rows)
    {
        var batch = new EngagementBatch();
        foreach (var row in rows)
            batch.AddRow(row, new SinkSource(TopicNames.Engagement, 0, _nextOffset++));
        await new EngagementRowWriter(DataSource).WriteAsync(batch);
    }

    /// <summary>v1 on <see cref="Day"/>: viewer i watched [0, 30·(i+1)) once, and viewers 0–4 watched [0, 10) again.</summary>
    private async Task StoreHeatmapAsync()
    {
        for (var i = 0; i < 10; i++)
        {
            Heatmap.Credit("v1", Day, $"user-{i}", 0, 30 * (i + 1));
            if (i < 5)
                Heatmap.Credit("v1", Day, $"user-{i}", 0, 10);
        }
        var batch = new HeatmapBatch();
        foreach (var delta in Heatmap.DrainDeltas())
            batch.AddDelta(delta);
        await new HeatmapWriter(DataSource).WriteAsync(batch);
    }

    private async Task StoreSinkDeadLettersAsync()
    {
        var batch = new EngagementBatch();
        batch.AddDeadLetter(new SinkDeadLetter(new SinkSource(TopicNames.Engagement, 1, 0), SinkDeadLetterReasons.Unreadable, "not JSON", null, "x"u8.ToArray()));
        batch.AddDeadLetter(new SinkDeadLetter(new SinkSource(TopicNames.Engagement, 1, 1), SinkDeadLetterReasons.Unreadable, "not JSON", null, "y"u8.ToArray()));
        batch.AddDeadLetter(new SinkDeadLetter(new SinkSource(TopicNames.Engagement, 1, 2), SinkDeadLetterReasons.Invalid, "version 0", null, "z"u8.ToArray()));
        await new EngagementRowWriter(DataSource).WriteAsync(batch);
    }

    /// <summary>Three processor dead letters on <see cref="Day"/> (two invalid_json, one late) and some player events.</summary>
    private async Task ProduceAsync()
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(_kafka!.Settings.Producer("dashboard-test")).Build();
        var timestamp = new Timestamp(new DateTimeOffset(Day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        foreach (var reason in new[] { "invalid_json", "invalid_json", "late" })
        {
            await producer.ProduceAsync(TopicNames.DeadLetters, new Message<byte[]?, byte[]?>
            {
                Key = "u"u8.ToArray(),
                Value = "{"u8.ToArray(),
                Timestamp = timestamp,
                Headers = [new Header("reason", System.Text.Encoding.UTF8.GetBytes(reason))],
            });
        }
        for (var i = 0; i < PlayerEventsProduced; i++)
            await producer.ProduceAsync(TopicNames.PlayerEvents, new Message<byte[]?, byte[]?> { Key = "u"u8.ToArray(), Value = "{}"u8.ToArray() });
    }

    internal static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
