using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Core.Engagement;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Testing.Scenarios;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Integration.Tests.Processor;

/// <summary>
/// A processor stopped and started again goes on from where its restored state stands: from the
/// group's committed offsets, or from the input position each task writes into its changelog (in
/// the transaction of its outputs) when the group's offsets fell behind (a broker that dropped the
/// offsets sent to the transaction).
/// </summary>
public sealed class ProcessorRestartTests
{
    private const string Scenario = "02-pause-resume-skip-back";
    private const string ApplicationId = "restart-test";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_RestartedAfterAGracefulStop_ResumesWithoutProcessingAnythingTwice(bool groupOffsetsRewound)
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

        if (groupOffsetsRewound)
        {
            // As if none of the transactions' offsets had reached the group: only the changelog's
            // positions know where the state stands.
            RewindGroup(settings);
        }

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
        group.Close();
    }

    private static async Task RunUntilAsync(EmbeddedKafkaCluster cluster, Func<bool> condition)
    {
        using var stop = new CancellationTokenSource();
        var processor = new EngagementProcessor(
            new ProcessorOptions
            {
                BootstrapServers = cluster.BootstrapServers,
                ApplicationId = ApplicationId,
                InstanceId = "restart",
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
