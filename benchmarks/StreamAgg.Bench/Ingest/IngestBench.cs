using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Bench.Pipeline;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Kafka.Topics;
using StreamAgg.Web;
using StreamAgg.Web.Ingest;
using StreamAgg.Wire;

namespace StreamAgg.Bench.Ingest;

/// <summary>
/// <c>bench ingest</c>: <c>serve</c>'s ingest (Kestrel, the parser, the shared idempotent producer)
/// with the embedded Kafka beside it, and a load generator on loopback posting batches over a
/// number of keep-alive connections, each waiting for its answer before the next post (a closed
/// loop, as players do). Counts the events Kafka acknowledged (each 202's <c>accepted</c>) per
/// second, and the requests' latency. The client is <see cref="LoopbackConnection"/> (or
/// <see cref="HttpClient"/> with <c>--http-client</c>).
/// </summary>
internal sealed class IngestBench(IngestBenchOptions options, BenchLog log, ILoggerFactory loggers)
{
    private const string Key = "bench-write-key-0123456789";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        log.Heading($"bench ingest: batches of {options.EventsPerRequest} events over {options.Connections} connections ({(options.UseHttpClient ? "HttpClient" : "minimal HTTP/1.1 client")}), {options.Seconds:0.#} s after {options.WarmupSeconds:0.#} s of warm-up");
        await using var kafka = options.Bootstrap is { } bootstrap
            ? await KafkaTarget.ConnectAsync(bootstrap, TopicCatalog.Load(), cancellationToken)
            : KafkaTarget.StartEmbedded(TopicCatalog.Load());
        log.Step($"Kafka: {kafka}");
        long startOffsets = EndOffsets(kafka.Settings);
        await using var postgres = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=unused-by-ingest");
        await using var server = await WebServer.StartAsync(
            new WebServerOptions
            {
                Port = 0,
                Kafka = kafka.Settings,
                Postgres = postgres,
                ReadToken = "bench-read-token-0123456789",
                WriteKeys = new Dictionary<string, string> { ["bench"] = Key },
                // The load comes from one address and one key: the limits would measure themselves.
                Ingest = new IngestOptions { PerAddressRateLimit = null, PerKeyRateLimit = null, MaxEventsPerRequest = Math.Max(options.EventsPerRequest, IngestOptions.DefaultMaxEventsPerRequest) },
            },
            loggers,
            cancellationToken);
        log.Step($"serve's ingest at {server.Address}v1/events");

        var bodies = IngestLoad.Bodies(4096, options.EventsPerRequest);
        var requests = Array.ConvertAll(bodies, body => LoopbackConnection.Request(server.Address, Key, body));
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add(IngestEndpoints.WriteKeyHeader, Key);

        var warmup = await LoadAsync(http, bodies, requests, TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
        log.Step($"warm-up: {warmup.Events:N0} events acknowledged, {warmup.Refused:N0} requests refused");
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        var result = await LoadAsync(http, bodies, requests, TimeSpan.FromSeconds(options.Seconds), cancellationToken);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        long allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        long inTopic = EndOffsets(kafka.Settings) - startOffsets;

        log.Step("done");
        log.Figure("events acknowledged by Kafka", F($"{result.Events:N0} in {result.Elapsed.TotalSeconds:F1} s"));
        log.Figure("throughput", F($"{result.Events / result.Elapsed.TotalSeconds:N0} events/s ({result.Latencies.Count / result.Elapsed.TotalSeconds:N0} requests/s)"));
        log.Figure("request latency p50 / p99 / max", F($"{Percentile(result.Latencies, 0.50):F2} / {Percentile(result.Latencies, 0.99):F2} / {Percentile(result.Latencies, 1):F2} ms"));
        log.Figure("requests not answered 202", F($"{result.Refused:N0}"));
        // Kestrel, the producer, the embedded brokers and the load generator share this process:
        // events per CPU-second is the figure that a loaded machine disturbs least.
        log.Figure("CPU, whole process", F($"{cpu.TotalSeconds:F1} s ({cpu.TotalSeconds / result.Elapsed.TotalSeconds:F2} of {Environment.ProcessorCount} cores); {result.Events / cpu.TotalSeconds:N0} events per CPU-second"));
        // Managed allocations of everything in the process (Kestrel, the handler, Confluent.Kafka's
        // per-message objects, the proxy, the load generator's latency lists).
        log.Figure("managed bytes allocated per event", F($"{(double)allocated / Math.Max(1, result.Events):F0} (whole process)"));
        log.Figure("records in player-events", F($"{inTopic:N0} (warm-up included: {warmup.Events + result.Events:N0} acknowledged)"));
        if (inTopic < warmup.Events + result.Events)
        {
            throw new InvalidOperationException($"player-events holds {inTopic} records but {warmup.Events + result.Events} events were acknowledged: acknowledged events are missing.");
        }
    }

    private async Task<LoadResult> LoadAsync(HttpClient http, byte[][] bodies, byte[][] requests, TimeSpan duration, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Connections)
            .Select(w => Task.Run(
                () => options.UseHttpClient
                    ? WorkerAsync(http, bodies, w, clock, duration, cancellationToken)
                    : RawWorkerAsync(http.BaseAddress!, requests, w, clock, duration, cancellationToken),
                cancellationToken))
            .ToArray();
        var results = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var latencies = new List<double>(results.Sum(r => r.Latencies.Count));
        foreach (var r in results)
        {
            latencies.AddRange(r.Latencies);
        }

        latencies.Sort();
        return new LoadResult(results.Sum(r => r.Events), results.Sum(r => r.Refused), latencies, elapsed);
    }

    private async Task<LoadResult> WorkerAsync(HttpClient http, byte[][] bodies, int worker, Stopwatch clock, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(1 << 16);
        long events = 0;
        int refused = 0;
        var contentType = new MediaTypeHeaderValue("application/json");
        for (int i = worker; clock.Elapsed < duration; i += options.Connections)
        {
            var content = new ByteArrayContent(bodies[i % bodies.Length]);
            content.Headers.ContentType = contentType;
            long started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("v1/events", content, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                events += Accepted(body);
            }
            else
            {
                refused++;
            }
        }

        return new LoadResult(events, refused, latencies, clock.Elapsed);
    }

    private async Task<LoadResult> RawWorkerAsync(Uri server, byte[][] requests, int worker, Stopwatch clock, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(1 << 16);
        long events = 0;
        int refused = 0;
        using var connection = await LoopbackConnection.OpenAsync(server, cancellationToken).ConfigureAwait(false);
        for (int i = worker; clock.Elapsed < duration; i += options.Connections)
        {
            long started = Stopwatch.GetTimestamp();
            var (status, body) = await connection.SendAsync(requests[i % requests.Length], cancellationToken).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (status == (int)HttpStatusCode.Accepted)
            {
                events += Accepted(body.Span);
            }
            else
            {
                refused++;
            }
        }

        return new LoadResult(events, refused, latencies, clock.Elapsed);
    }

    private static long Accepted(ReadOnlySpan<byte> body)
    {
        var reader = new System.Text.Json.Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.ValueTextEquals("accepted"u8))
            {
                reader.Read();
                return reader.GetInt64();
            }
        }

        return 0;
    }

    private static long EndOffsets(KafkaClientSettings kafka)
    {
        using var admin = new AdminClientBuilder(kafka.Admin()).Build();
        var partitions = admin.GetMetadata(TopicNames.PlayerEvents, TimeSpan.FromSeconds(10)).Topics[0].Partitions;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.Consumer($"bench-ingest-{Guid.NewGuid():N}")).Build();
        return partitions.Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(TopicNames.PlayerEvents, p.PartitionId), TimeSpan.FromSeconds(10)).High.Value);
    }

    // Nearest rank: the smallest sample with at least p of the samples at or below it.
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record LoadResult(long Events, int Refused, List<double> Latencies, TimeSpan Elapsed);
}
