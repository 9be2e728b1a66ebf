using System.Text;
using Confluent.Kafka;
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

/// <summary>
/// The input position each task writes into its changelog, in the transaction of its outputs,
/// wins over a consumer group whose offsets fell behind: the broker dropped the offsets sent to
/// the transaction (librdkafka's mock cluster does), or the process died between committing the
/// transaction and repeating its offsets to the group.
/// </summary>
public sealed class ProcessorPositionTests
{
    private const string Scenario = "02-pause-resume-skip-back";
    private const string ApplicationId = "position-test";

    [Fact]
    public async Task Run_GroupOffsetsBehindTheChangelog_ResumesFromTheChangelogPosition()
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

        // The processor left the group; now its offsets go back to the beginning, as if none of
        // its transactions' offsets had reached the group.
        RewindGroup(settings);

        ScenarioPipeline.Publish(settings, [], [Encoding.UTF8.GetBytes(
            """{"timestamp": "2026-11-20T10:10:00Z", "userId": "peter", "sessionId": "s2", "videoId": "video_002", "eventName": "video_play", "currentTime": 0}""")]);
        await RunUntilAsync(cluster, () =>
        {
            ScenarioPipeline.ReadRows(rowReader, rows);
            return rows.ContainsKey(new EngagementKey("peter", "video_002"));
        });

        // Starting from the group's offsets, the restored task would have applied every event a
        // second time: as duplicates, in a new version of peter's row.
        Assert.Equal(beforeRestart, rows[peter]);
        Assert.Equal("", RowComparison.Report(expected, [rows[peter]]));
    }

    private static void RewindGroup(KafkaClientSettings settings)
    {
        var partitions = Enumerable.Range(0, TopicCatalog.Load().Topics.Single(t => t.Name == TopicNames.PlayerEvents).Partitions)
            .Select(p => new TopicPartitionOffset(TopicNames.PlayerEvents, p, 0))
            .ToList();
        // The cluster takes offset commits from members only: join the group, then commit.
        var config = settings.Consumer(ApplicationId);
        config.SessionTimeoutMs = 3000;
        using var group = new ConsumerBuilder<byte[], byte[]>(config).Build();
        group.Subscribe(TopicNames.PlayerEvents);
        Assert.True(KafkaRecords.PollUntil(() => group.Assignment.Count == partitions.Count, () => group.Consume(TimeSpan.FromMilliseconds(100))));
        group.Commit(partitions);
        Assert.All(group.Committed(partitions.Select(p => p.TopicPartition), TimeSpan.FromSeconds(30)), c => Assert.Equal(0, c.Offset.Value));
        group.UnsubscribeAndClose(TimeSpan.FromSeconds(10));
    }

    private static async Task RunUntilAsync(EmbeddedKafkaCluster cluster, Func<bool> condition)
    {
        using var stop = new CancellationTokenSource();
        var processor = new EngagementProcessor(
            new ProcessorOptions
            {
                BootstrapServers = cluster.BootstrapServers,
                ApplicationId = ApplicationId,
                InstanceId = "position",
                CommitInterval = TimeSpan.FromMilliseconds(100),
                SessionTimeout = TimeSpan.FromSeconds(3),
            },
            NullLoggerFactory.Instance);
        var running = processor.RunAsync(stop.Token);
        KafkaRecords.PollUntil(() => condition() || running.IsCompleted, () => { });
        stop.Cancel();
        await running;
        Assert.True(condition(), "the processor's output did not arrive");
    }
}
