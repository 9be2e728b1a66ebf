using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Npgsql;
using StreamAgg.Kafka.Clients;
using StreamAgg.Web.Ingest;

namespace StreamAgg.Web.Tests.Ingest;

/// <summary>
/// A <see cref="WebServer"/> whose ingest produces to a topic of its own on a real Kafka cluster,
/// an <see cref="HttpClient"/> pointed at it, and a way to read back what reached the topic.
/// </summary>
internal sealed class IngestTestServer : IAsyncDisposable
{
    public const string Site = "news";
    public const string Key = "write-key-of-news-0123456789";
    public const string OtherSite = "sport";
    public const string OtherKey = "write-key-of-sport-012345678";
    public const string AllowedOrigin = "https://www.example.com";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly NpgsqlDataSource _postgres;
    private readonly KafkaClientSettings _kafka;

    private IngestTestServer(WebServer server, NpgsqlDataSource postgres, KafkaClientSettings kafka, string topic)
    {
        Server = server;
        _postgres = postgres;
        _kafka = kafka;
        Topic = topic;
        Http = new HttpClient { BaseAddress = server.Address };
    }

    public WebServer Server { get; }

    public HttpClient Http { get; }

    public string Topic { get; }

    public IngestProducer Producer => (IngestProducer)Server.Services.GetService(typeof(IngestProducer))!;

    /// <summary>Starts a server; <paramref name="configure"/> changes the ingest limits from the defaults (which tests would hit only by intent).</summary>
    public static async Task<IngestTestServer> StartAsync(KafkaClientSettings kafka, string topic, Func<IngestOptions, IngestOptions>? configure = null)
    {
        var ingest = new IngestOptions { Topic = topic, PerAddressRateLimit = null, PerKeyRateLimit = null };
        ingest = configure?.Invoke(ingest) ?? ingest;
        // The dashboard's database is never reached by ingest: an address that refuses is enough.
        var postgres = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=none");
        var server = await WebServer.StartAsync(new WebServerOptions
        {
            Port = 0,
            Kafka = kafka,
            Postgres = postgres,
            ReadToken = "read-token-for-tests-only",
            WriteKeys = new Dictionary<string, string> { [Site] = Key, [OtherSite] = OtherKey },
            AllowedOrigins = [AllowedOrigin],
            Ingest = ingest,
        });
        return new IngestTestServer(server, postgres, kafka, topic);
    }

    public static HttpRequestMessage Post(string body, string contentType = "application/json", string? key = Key, string? origin = null, string path = "/v1/events")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (key is not null)
        {
            request.Headers.Add("X-StreamAgg-Key", key);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, body);
    }

    /// <summary>How many records the topic holds (no transactions write to it, so end offsets count records).</summary>
    public int RecordCount()
    {
        using var admin = new AdminClientBuilder(_kafka.Admin()).Build();
        var partitions = admin.GetMetadata(Topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(_kafka.Consumer($"count-{Guid.NewGuid():N}")).Build();
        return partitions.Sum(p => (int)consumer.QueryWatermarkOffsets(new TopicPartition(Topic, p.PartitionId), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>Every record of the topic, in partition order.</summary>
    public List<ConsumeResult<byte[], byte[]>> ReadAll()
    {
        int expected = RecordCount();
        var config = _kafka.Consumer($"read-{Guid.NewGuid():N}", readCommitted: false);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        using var admin = new AdminClientBuilder(_kafka.Admin()).Build();
        var partitions = admin.GetMetadata(Topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions;
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(Topic, p.PartitionId, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var clock = Stopwatch.StartNew();
        while (records.Count < expected && clock.Elapsed < Patience)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
