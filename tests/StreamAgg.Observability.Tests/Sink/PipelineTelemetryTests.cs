using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Observability.Export;
using StreamAgg.Observability.Tests.Support;
using StreamAgg.Dev.Postgres;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Processor.Observability;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Observability;
using Xunit;
using static StreamAgg.Observability.Tests.Support.PlayerTraffic;

namespace StreamAgg.Observability.Tests.Sink;

/// <summary>
/// The processor and both sinks on the embedded Kafka and PostgreSQL: the sink instruments move
/// with what was stored, and each sink batch's span links to the processor commit cycles whose
/// records it stored; /metrics serves them under the names docs/operations.md lists.
/// </summary>
[Collection(MetersByName.Name)]
public sealed class PipelineTelemetryTests : IAsyncLifetime
{
    private PostgresTarget? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresTarget.AcquireAsync();

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task Run_ProcessorAndSinks_SinkMetricsMoveAndBatchSpansLinkToCommitCycles()
    {
        using var spans = new SpanCapture(ProcessorTracing.SourceName, SinkTracing.SourceName);
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        PlayerTraffic.Publish(
            settings,
            ("alice", Event("alice", "s1", "video_play", "10:00:00", 0)),
            ("alice", Event("alice", "s1", "video_heartbeat", "10:00:10", 10)),
            ("alice", Event("alice", "s1", "video_end", "10:00:20", 20)),
            ("bob", Event("bob", "s1", "video_play", "10:00:00", 0)),
            // PostgreSQL refuses text with a NUL character: the sink must dead-letter that row.
            ("nul", Event("nul\\u0000user", "s1", "video_play", "10:00:00", 0)));
        PublishUnreadableEngagementMessage(settings);

        await using var dataSource = NpgsqlDataSource.Create(await _postgres!.CreateIsolatedSchemaAsync("telemetry"));
        using var processorMetrics = new ProcessorMetrics();
        using var sinkMetrics = new SinkMetrics();
        using var processorCapture = new MetricCapture(processorMetrics.Meter);
        using var capture = new MetricCapture(sinkMetrics.Meter);
        await using var telemetry = await TelemetryHost.StartAsync(new TelemetryOptions { ServiceName = "streamagg-demo", Meters = [ProcessorMetrics.MeterName, SinkMetrics.MeterName] });
        await using var server = await telemetry.ServeAsync();
        var time = new ShiftableTime();
        var processor = new EngagementProcessor(
            new ProcessorOptions { BootstrapServers = cluster.BootstrapServers, InstanceId = "telemetry", CommitInterval = TimeSpan.FromMilliseconds(100) },
            NullLoggerFactory.Instance, time, processorMetrics);
        var engagement = new EngagementSink(settings, dataSource, new EngagementSinkOptions { MaxBatchDelay = TimeSpan.FromMilliseconds(50) }, metrics: sinkMetrics);
        var heatmap = new HeatmapSink(settings, dataSource, new HeatmapSinkOptions { MaxBatchDelay = TimeSpan.FromMilliseconds(50) }, metrics: sinkMetrics);
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(
            processor.RunAsync(stop.Token),
            Task.Run(() => engagement.RunAsync(stop.Token)),
            Task.Run(() => heatmap.RunAsync(stop.Token)));

        // Close the sessions, so alice's credits reach the heatmap sink.
        await Waiting.UntilAsync(() => processorCapture.Total("streamagg.processor.sessions.open") == 3 || running.IsCompleted, "three open sessions");
        time.Shift(TimeSpan.FromHours(2));
        await Waiting.UntilAsync(
            () => capture.Sum("streamagg.sink.rows.merged", "sink=heatmap-sink") > 0
                && capture.Sum("streamagg.sink.dead_lettered", "sink=engagement-sink") >= 3
                && capture.Sum("streamagg.sink.messages.consumed", "sink=engagement-sink") == processorCapture.Total("streamagg.processor.engagement.rows.emitted") + 1
                && engagement.IsReady && heatmap.IsReady
                || running.IsCompleted,
            "both sinks to store everything",
            () => $"{capture} / {processorCapture} / ready {engagement.IsReady} {heatmap.IsReady}");

        Assert.False(running.IsCompleted);
        // Each version of the NUL user's row (opened, then closed) is refused; the unreadable message is not a write error.
        var refused = capture.Sum("streamagg.sink.errors", "error.type=refused,sink=engagement-sink");
        Assert.True(refused >= 2);
        Assert.Equal(refused + 1, capture.Sum("streamagg.sink.dead_lettered", "sink=engagement-sink"));
        Assert.True(capture.Recordings("streamagg.sink.batch.size") >= 2);
        Assert.True(capture.Recordings("streamagg.sink.batch.duration") >= 2);
        Assert.True(capture.Sum("streamagg.sink.rows.merged", "sink=engagement-sink") >= 2);
        await Waiting.UntilAsync(() => capture.Gauge("streamagg.sink.consumer.lag").Count > 0, "a lag reading");
        Assert.Contains(capture.Gauge("streamagg.sink.consumer.lag").Keys, tags => tags.Contains("sink=heatmap-sink,topic=heatmap-deltas", StringComparison.Ordinal));

        var scraped = Scrape.Unscoped(await Scrape.GetAsync(server));
        Assert.Contains($"streamagg_sink_errors_total{{error_type=\"refused\",sink=\"engagement-sink\"}} {refused}\n", scraped, StringComparison.Ordinal);
        Assert.Contains("# TYPE streamagg_sink_batch_duration_seconds histogram\n", scraped, StringComparison.Ordinal);
        // Every streamagg family served is in docs/operations.md under that name and type.
        var documented = OperationsDoc.PrometheusMetrics();
        var served = Scrape.Families(scraped).Where(f => f.Key.StartsWith("streamagg_", StringComparison.Ordinal)).ToList();
        Assert.True(served.Count >= 15, string.Join(", ", served));
        Assert.All(served, family => Assert.Equal(family.Value, documented.GetValueOrDefault(family.Key)));

        var cycles = spans.Named("commit cycle").Select(s => s.TraceId).ToHashSet();
        var batches = spans.Named("sink batch").Where(s => s.Links.Any()).ToList();
        Assert.NotEmpty(batches);
        Assert.All(batches, batch => Assert.Contains(batch.Links, link => cycles.Contains(link.Context.TraceId)));
        Assert.NotEmpty(spans.Named("rebalance assign"));
        Assert.NotEmpty(spans.Named("restore"));

        stop.Cancel();
        await running;
    }

    private static void PublishUnreadableEngagementMessage(KafkaClientSettings settings)
    {
        using var producer = new Confluent.Kafka.ProducerBuilder<byte[]?, byte[]?>(settings.Producer("telemetry-tests")).Build();
        producer.Produce(Wire.TopicNames.Engagement, new Confluent.Kafka.Message<byte[]?, byte[]?> { Key = "x"u8.ToArray(), Value = "not a row"u8.ToArray() });
        producer.Flush(TimeSpan.FromSeconds(30));
    }
}
