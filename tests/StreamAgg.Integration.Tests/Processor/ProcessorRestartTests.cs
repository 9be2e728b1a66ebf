using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Contracts;
using StreamAgg.Core.Engagement;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Kafka.Embedded;
using StreamAgg.Kafka.Topics;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Testing.Scenarios;
using Xunit;

namespace StreamAgg.Integration.Tests.Processor;

/// <summary>A processor stopped and started again goes on from its committed offsets and restored state.</summary>
public sealed class ProcessorRestartTests
{
    private const string Scenario = "02-pause-resume-skip-back";

    [Fact]
    public async Task Run_RestartedAfterAGracefulStop_ResumesWithoutProcessingAnythingTwice()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        ScenarioPipeline.Publish(settings, ScenarioFolder.Lines(Scenario, "videos.ndjson"), ScenarioFolder.Lines(Scenario, "events.ndjson"));
        var expected = ScenarioFolder.Lines(Scenario, "expected-engagement.ndjson").Select(l => EngagementRowJson.Read(l)).ToList();
        using var rowReader = ScenarioPipeline.CommittedReader(settings, TopicNames.Engagement);
        var rows = new Dictionary<EngagementKey, EngagementRow>();

        await RunUntilAsync(cluster, () =>
        {
            ScenarioPipeline.ReadRows(rowReader, rows);
            return RowComparison.Report(expected, rows.Values) == "";
        });
        var peter = new EngagementKey("peter", "video_001");
        var beforeRestart = rows[peter];

        // Peter (same key, so same partition, so after his earlier events) watches another video,
        // soon enough that his first session stays open.
        ScenarioPipeline.Publish(settings, [], [Encoding.UTF8.GetBytes(
            """{"timestamp": "2026-11-20T10:10:00Z", "userId": "peter", "sessionId": "s2", "videoId": "video_002", "eventName": "video_play", "currentTime": 0}""")]);
        await RunUntilAsync(cluster, () =>
        {
            ScenarioPipeline.ReadRows(rowReader, rows);
            return rows.ContainsKey(new EngagementKey("peter", "video_002"));
        });

        // Had the second run read the input again, peter's first row would have come out again
        // with his events counted as duplicates.
        Assert.Equal(beforeRestart, rows[peter]);
        Assert.Equal("", RowComparison.Report(expected, [rows[peter]]));
    }

    private static async Task RunUntilAsync(EmbeddedKafkaCluster cluster, Func<bool> condition)
    {
        using var stop = new CancellationTokenSource();
        var processor = new EngagementProcessor(
            new ProcessorOptions { BootstrapServers = cluster.BootstrapServers, InstanceId = "restart", CommitInterval = TimeSpan.FromMilliseconds(100) },
            NullLoggerFactory.Instance);
        var running = processor.RunAsync(stop.Token);
        KafkaRecords.PollUntil(() => condition() || running.IsCompleted, () => { });
        stop.Cancel();
        await running;
        Assert.True(condition(), "the processor's output did not arrive");
    }
}
