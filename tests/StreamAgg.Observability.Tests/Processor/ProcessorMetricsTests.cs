using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Observability.Export;
using StreamAgg.Observability.Tests.Support;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Processor.Observability;
using Xunit;
using static StreamAgg.Observability.Tests.Support.PlayerTraffic;

namespace StreamAgg.Observability.Tests.Processor;

/// <summary>Real traffic through the embedded Kafka cluster moves each processor instrument as it should, and /metrics says so.</summary>
[Collection(MetersByName.Name)]
public sealed class ProcessorMetricsTests
{
    private static readonly (string? User, string Line)[] Traffic =
    [
        ("alice", Event("alice", "s1", "video_play", "10:00:00", 0)),
        ("alice", Event("alice", "s1", "video_heartbeat", "10:00:10", 10)),
        ("alice", Event("alice", "s1", "video_heartbeat", "10:00:10", 10)), // duplicate
        ("alice", Event("alice", "s1", "video_end", "10:00:20", 20)),
        ("bob", Event("bob", "sA", "video_play", "10:00:00", 0)),
        ("bob", Event("bob", "sB", "video_play", "10:00:30", 0)), // closes sA: new session
        ("carol", Event("carol", "s1", "video_play", "10:05:00", 0)),
        ("carol", Event("carol", "s1", "video_pause", "10:00:00", 0)), // late
        (null, "not json"),
        (null, "[1,2]"),
        ("dave", """{"timestamp": "2026-11-20T10:00:00Z", "userId": "dave", "videoId": "video_001", "eventName": "video_rewind", "currentTime": 0}"""),
    ];

    [Fact]
    public async Task Run_MixedTraffic_CountsEveryOutcome()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        PlayerTraffic.Publish(new KafkaClientSettings(cluster.BootstrapServers), Traffic);
        using var metrics = new ProcessorMetrics();
        using var capture = new MetricCapture(metrics.Meter);
        await using var telemetry = await TelemetryHost.StartAsync(new TelemetryOptions { ServiceName = "streamagg-processor", Meters = [ProcessorMetrics.MeterName] });
        await using var server = await telemetry.ServeAsync();
        var time = new ShiftableTime();
        var processor = new EngagementProcessor(Options(cluster), NullLoggerFactory.Instance, time, metrics);
        using var stop = new CancellationTokenSource();
        var running = processor.RunAsync(stop.Token);

        await Waiting.UntilAsync(() => capture.Total("streamagg.processor.events.consumed") == Traffic.Length || running.IsCompleted, "every record consumed");
        await Waiting.UntilAsync(() => capture.Total("streamagg.processor.sessions.open") == 3, "three open sessions");
        // Tasks hand over their counts when they flush, just before the transaction commits.
        await Waiting.UntilAsync(() => capture.Total("streamagg.processor.commits") >= 1, "a commit");

        Assert.Equal(6, capture.Total("streamagg.processor.events.applied"));
        Assert.Equal(1, capture.Total("streamagg.processor.events.duplicates"));
        Assert.Equal(1, capture.Total("streamagg.processor.events.late"));
        Assert.Equal(4, capture.Total("streamagg.processor.events.dead_lettered"));
        Assert.Equal(2, capture.Sum("streamagg.processor.events.dead_lettered", "reason=invalid_json"));
        Assert.Equal(1, capture.Sum("streamagg.processor.events.dead_lettered", "reason=unknown_event"));
        Assert.Equal(1, capture.Sum("streamagg.processor.events.dead_lettered", "reason=late"));
        Assert.Equal(1, capture.Sum("streamagg.processor.sessions.closed", "cause=new_session"));
        Assert.True(capture.Total("streamagg.processor.engagement.rows.emitted") >= 3);
        Assert.True(capture.Recordings("streamagg.processor.transaction.duration") >= 1);
        Assert.True(capture.Recordings("streamagg.processor.end_to_end.latency") >= 3);
        Assert.True(capture.Recordings("streamagg.processor.restore.duration") >= 1);
        Assert.Equal(0, capture.Total("streamagg.processor.transaction.aborts"));
        Assert.True(processor.IsReady);

        await Waiting.UntilAsync(() => capture.Gauge("streamagg.processor.state.keys").Values.Sum() == 3, "three keys in the state gauge");
        Assert.All(capture.Gauge("streamagg.processor.state.keys").Keys, tags => Assert.StartsWith("partition=", tags));
        Assert.True(capture.Gauge("streamagg.processor.state.bytes").Values.Sum() > 0);
        var lag = capture.Gauge("streamagg.processor.consumer.lag");
        Assert.NotEmpty(lag);
        Assert.All(lag, reading => Assert.Equal(0, reading.Value));
        Assert.Contains(lag.Keys, tags => tags.Contains("topic=player-events", StringComparison.Ordinal));
        Assert.All(capture.Gauge("streamagg.processor.restore.remaining").Values, remaining => Assert.Equal(0, remaining));

        // The same counts, scraped from /metrics under their Prometheus names.
        var scraped = Scrape.Unscoped(await Scrape.GetAsync(server));
        Assert.Contains($"streamagg_processor_events_consumed_total {Traffic.Length}\n", scraped, StringComparison.Ordinal);
        Assert.Contains("streamagg_processor_events_applied_total 6\n", scraped, StringComparison.Ordinal);
        Assert.Contains("streamagg_processor_events_duplicates_total 1\n", scraped, StringComparison.Ordinal);
        Assert.Contains("streamagg_processor_events_dead_lettered_total{reason=\"invalid_json\"} 2\n", scraped, StringComparison.Ordinal);
        Assert.Contains("streamagg_processor_sessions_closed_total{cause=\"new_session\"} 1\n", scraped, StringComparison.Ordinal);
        Assert.Contains("streamagg_processor_sessions_open 3\n", scraped, StringComparison.Ordinal);
        Assert.Contains("# TYPE streamagg_processor_transaction_duration_seconds histogram\n", scraped, StringComparison.Ordinal);
        Assert.Contains("# TYPE streamagg_processor_state_bytes gauge\n", scraped, StringComparison.Ordinal);
        Assert.Matches("streamagg_processor_consumer_lag\\{[^}]*topic=\"player-events\"[^}]*\\} 0\n", scraped);

        // Two hours later on the wall clock, every quiet partition has closed its sessions.
        time.Shift(TimeSpan.FromHours(2));
        await Waiting.UntilAsync(() => capture.Total("streamagg.processor.sessions.open") == 0, "every session closed");
        Assert.Equal(1, capture.Sum("streamagg.processor.sessions.closed", "cause=end"));
        Assert.Equal(2, capture.Sum("streamagg.processor.sessions.closed", "cause=timeout"));
        // Alice's credited seconds 0–19 reach the heatmap once her session is final.
        await Waiting.UntilAsync(() => capture.Total("streamagg.processor.heatmap.cells.emitted") == 20, "alice's twenty heatmap cells");

        stop.Cancel();
        await running;
    }

    [Fact]
    public async Task Run_RestartedInstance_RestoresStateAndItsOpenSessions()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        PlayerTraffic.Publish(new KafkaClientSettings(cluster.BootstrapServers), Traffic[..2]);
        using (var first = new ProcessorMetrics())
        using (var firstCapture = new MetricCapture(first.Meter))
        {
            await RunUntilAsync(cluster, first, () => firstCapture.Total("streamagg.processor.commits") >= 1 && firstCapture.Total("streamagg.processor.events.applied") == 2);
        }

        using var second = new ProcessorMetrics();
        using var capture = new MetricCapture(second.Meter);
        var ready = false;
        await RunUntilAsync(cluster, second, () => capture.Total("streamagg.processor.restore.records") >= 1 && capture.Total("streamagg.processor.sessions.open") == 1, p => ready = p.IsReady, capture);

        Assert.True(ready);
        Assert.Equal(0, capture.Total("streamagg.processor.events.consumed"));
        Assert.True(capture.Recordings("streamagg.processor.restore.duration") >= 1);
    }

    [Fact]
    public async Task Run_AnotherProducerTakesItsTransactionalId_CountsTheAbortAsFenced()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        PlayerTraffic.Publish(settings, Traffic);
        using var metrics = new ProcessorMetrics();
        using var capture = new MetricCapture(metrics.Meter);
        var options = Options(cluster);
        var processor = new EngagementProcessor(options, NullLoggerFactory.Instance, metrics: metrics);
        using var stop = new CancellationTokenSource();
        var running = processor.RunAsync(stop.Token);
        await Waiting.UntilAsync(() => capture.Total("streamagg.processor.commits") >= 1 || running.IsCompleted, "a commit");

        // A process with the same instance id starts its producer: the processor is fenced, and
        // learns it at its next transactional request (an unreadable record's dead letter).
        using var twin = new Confluent.Kafka.ProducerBuilder<byte[]?, byte[]?>(
            settings.TransactionalProducer("twin", $"{options.ApplicationId}-{options.InstanceId}")).Build();
        twin.InitTransactions(TimeSpan.FromSeconds(30));
        await Waiting.UntilAsync(
            () =>
            {
                PlayerTraffic.Publish(settings, (null, "not json"));
                return running.IsCompleted;
            },
            "the fenced processor to stop");

        await Assert.ThrowsAsync<StreamAgg.Processor.Runtime.StreamsException>(() => running);
        Assert.Equal(1, capture.Sum("streamagg.processor.transaction.aborts", "cause=fenced"));
        Assert.Equal(1, capture.Total("streamagg.processor.transaction.aborts"));
    }

    private static async Task RunUntilAsync(EmbeddedKafkaCluster cluster, ProcessorMetrics metrics, Func<bool> condition, Action<EngagementProcessor>? inspect = null, MetricCapture? capture = null)
    {
        var processor = new EngagementProcessor(Options(cluster), NullLoggerFactory.Instance, metrics: metrics);
        using var stop = new CancellationTokenSource();
        var running = processor.RunAsync(stop.Token);
        await Waiting.UntilAsync(() => condition() || running.IsCompleted, "the metrics to move");
        Assert.True(condition(), capture?.ToString());
        inspect?.Invoke(processor);
        stop.Cancel();
        await running;
    }

    private static ProcessorOptions Options(EmbeddedKafkaCluster cluster) =>
        new() { BootstrapServers = cluster.BootstrapServers, InstanceId = "metrics", CommitInterval = TimeSpan.FromMilliseconds(100) };
}
