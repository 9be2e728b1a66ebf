using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using StreamAgg.Batch;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Kafka.Topics;
using StreamAgg.Wire;
using Xunit;
using Xunit.Abstractions;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// <c>streamagg serve</c> killed with kill -9 (twice) while players post batches and retry every
/// request that was not answered 202: every event of a request answered 202 on its first attempt
/// is in Kafka exactly once, every event of every request at least once, and the duplicates the
/// retries left behind (events of a killed request that reached Kafka before the kill) change no
/// engagement row, because the processor's semantics deduplicate them by eventId.
/// </summary>
public sealed class IngestCrashTests(ITestOutputHelper output)
{
    private const string Key = "crash-test-write-key-0123456789";
    private const int Posters = 4;
    private const int UsersPerPoster = 4;
    private const int EventsPerUser = 5;
    private const int BatchesPerPoster = 25;
    private static readonly int[] KillAfterAccepted = [25, 60];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Serve_KilledWhilePlayersPost_AcknowledgedEventsOnceAndRetriesDuplicateNoRow()
    {
        await using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        int port = FreePort();
        var batches = Enumerable.Range(0, Posters)
            .Select(p => Enumerable.Range(0, BatchesPerPoster).Select(k => new PostedBatch(Batch(p, k))).ToArray())
            .ToArray();
        var processes = new List<CliProcess>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-StreamAgg-Key", Key);
        try
        {
            processes.Add(StartServe(cluster.BootstrapServers, port));
            int accepted = 0;
            var clock = Stopwatch.StartNew();
            var posters = batches.Select(own => Task.Run(async () =>
            {
                foreach (var batch in own)
                {
                    while (!await batch.TryPostAsync(http))
                    {
                        Assert.True(clock.Elapsed < Patience, "serve never accepted a retried batch:\n" + processes[^1].Tail(30));
                        await Task.Delay(20);
                    }

                    Interlocked.Increment(ref accepted);
                }
            })).ToArray();

            foreach (var threshold in KillAfterAccepted)
            {
                while (Volatile.Read(ref accepted) < threshold)
                {
                    Assert.True(clock.Elapsed < Patience, "the posters stalled:\n" + processes[^1].Tail(30));
                    await Task.Delay(5);
                }

                processes[^1].Kill();
                output.WriteLine($"killed serve after {Volatile.Read(ref accepted)} batches accepted");
                processes.Add(StartServe(cluster.BootstrapServers, port));
            }

            await Task.WhenAll(posters);
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }

        var all = batches.SelectMany(b => b).ToList();
        var retried = all.Where(b => b.Attempts > 1).ToList();
        output.WriteLine($"{all.Count} batches, {retried.Count} retried ({retried.Sum(b => b.Attempts - 1)} retries)");
        Assert.NotEmpty(retried);

        var records = ReadAll(settings, TopicNames.PlayerEvents);
        var counts = records.GroupBy(EventId).ToDictionary(g => g.Key, g => g.Count());
        var expected = all.SelectMany(b => b.Events).ToList();
        Assert.Equal(expected.Select(EventId).Order(), counts.Keys.Order());
        foreach (var batch in all.Where(b => b.Attempts == 1))
        {
            Assert.All(batch.Events, e => Assert.Equal(1, counts[EventId(e)]));
        }

        int duplicates = records.Count - expected.Count;
        output.WriteLine($"{records.Count} records for {expected.Count} events: {duplicates} duplicates left by killed requests");

        // The topic as the processor sees it (per partition, in order) against each event once.
        var fromTopic = Aggregate(records, out var topicSummary);
        var deduplicated = Aggregate(records.DistinctBy(EventId).ToList(), out var onceSummary);
        Assert.Equal(expected.Count, topicSummary.Applied);
        Assert.Equal(duplicates, topicSummary.Duplicates);
        Assert.Empty(topicSummary.DeadLetters);
        Assert.Equal(0, onceSummary.Duplicates);
        Assert.Equal(Posters * UsersPerPoster, fromTopic.Count);
        Assert.Equal(deduplicated.Select(WithoutDuplicateCounts), fromTopic.Select(WithoutDuplicateCounts));
    }

    private CliProcess StartServe(string bootstrap, int port)
    {
        var serve = CliProcess.Start(
            "serve",
            ["serve", "--bootstrap", bootstrap, "--postgres", "Host=127.0.0.1;Port=1;Database=unused-by-ingest", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rate-per-address", "0", "--rate-per-key", "0", "--health-port", "0"],
            new Dictionary<string, string>
            {
                ["STREAMAGG_READ_TOKEN"] = "crash-test-read-token-0123456789",
                ["STREAMAGG_WRITE_KEYS"] = $"crash={Key}",
            });
        output.WriteLine($"started serve (pid {serve.Id}) on port {port}");
        return serve;
    }

    // Poster p owns users p*4 … p*4+3, each watching one video; batch k carries 5 heartbeats of
    // each, 10 s apart, continuing batch k-1: a batch spans 40 s of a viewer's time, within the
    // 60 s lateness, so a retry's duplicates are duplicates, never late.
    private static List<string> Batch(int poster, int k)
    {
        var start = new DateTimeOffset(2026, 12, 6, 6, 0, 0, TimeSpan.Zero);
        var events = new List<string>();
        for (int u = 0; u < UsersPerPoster; u++)
        {
            int user = poster * UsersPerPoster + u;
            for (int j = 0; j < EventsPerUser; j++)
            {
                int step = k * EventsPerUser + j;
                var name = step == 0 ? "video_play" : "video_heartbeat";
                var at = start.AddSeconds(step * 10).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                events.Add($$"""{"userId":"viewer-{{user}}","videoId":"video-{{user % 3}}","eventName":"{{name}}","timestamp":"{{at}}","currentTime":{{step * 10}},"sessionId":"s-{{user}}","eventId":"e-{{user}}-{{step}}","videoDuration":3600}""");
            }
        }

        return events;
    }

    private static string EventId(string json) => JsonNode.Parse(json)!["eventId"]!.GetValue<string>();

    private static List<string> ReadAll(KafkaClientSettings settings, string topic)
    {
        using var admin = new AdminClientBuilder(settings.Admin()).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Select(p => p.PartitionId).Order().ToList();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(settings.Consumer($"ingest-crash-{Guid.NewGuid():N}", readCommitted: false)).Build();
        var values = new List<string>();
        foreach (var partition in partitions)
        {
            var tp = new TopicPartition(topic, partition);
            long end = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
            consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
            var clock = Stopwatch.StartNew();
            long next = 0;
            while (next < end && clock.Elapsed < Patience)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } record)
                {
                    values.Add(Encoding.UTF8.GetString(record.Message.Value));
                    next = record.Offset.Value + 1;
                }
            }

            Assert.True(next >= end, $"could not read {topic}[{partition}] to its end ({next} of {end})");
        }

        return values;
    }

    private static List<string> Aggregate(List<string> events, out BatchSummary summary)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", events) + "\n"));
        using var rows = new MemoryStream();
        summary = new BatchAggregator().Run(input, null, rows, null, null);
        return Encoding.UTF8.GetString(rows.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    // A row's duplicate count and its duplicates_dropped flag say how many copies arrived; every
    // other field must be what the events once each give.
    private static string WithoutDuplicateCounts(string row)
    {
        var node = JsonNode.Parse(row)!.AsObject();
        node.Remove("duplicateEventsDropped");
        var flags = node["qualityFlags"]!.AsArray().Select(f => f!.GetValue<string>()).Where(f => f != "duplicates_dropped").ToArray();
        node["qualityFlags"] = new JsonArray(flags.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
        return node.ToJsonString();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>One batch a player posts, and how many attempts it took to have it answered 202.</summary>
    private sealed class PostedBatch(List<string> events)
    {
        public List<string> Events { get; } = events;

        public int Attempts { get; private set; }

        public async Task<bool> TryPostAsync(HttpClient http)
        {
            Attempts++;
            try
            {
                using var content = new StringContent("[" + string.Join(",", Events) + "]", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("v1/events", content);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    return false;
                }

                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal(Events.Count, body.GetProperty("accepted").GetInt32());
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Killed mid-request, or not listening yet: unanswered, so sent again.
                return false;
            }
        }
    }
}
