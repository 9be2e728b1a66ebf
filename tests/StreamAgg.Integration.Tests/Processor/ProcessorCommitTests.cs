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
/// When the processor commits, and where its offsets go: a processor that has read everything
/// there is commits at once instead of waiting out its commit interval, and under exactly-once
/// the transaction alone puts the offsets in the group (no repeat through the consumer).
/// </summary>
public sealed class ProcessorCommitTests
{
    private const string Scenario = "02-pause-resume-skip-back";

    [Fact]
    public async Task Run_CaughtUpLongBeforeTheCommitInterval_CommitsWhatItProcessed()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        ScenarioPipeline.Publish(settings, ScenarioFolder.Lines(Scenario, "videos.ndjson"), ScenarioFolder.Lines(Scenario, "events.ndjson"));
        var expected = ScenarioFolder.Lines(Scenario, "expected-engagement.ndjson").Select(l => EngagementRowJson.Read(l)).ToList();
        using var rowReader = ScenarioPipeline.CommittedReader(settings, TopicNames.Engagement);
        var rows = new Dictionary<EngagementKey, EngagementRow>();
        using var stop = new CancellationTokenSource();
        // An interval no test outlives: only the commit on catching up can make rows visible.
        var processor = Processor(cluster, "caught-up", TimeSpan.FromHours(1));
        var running = processor.RunAsync(stop.Token);
        try
        {
            var arrived = KafkaRecords.PollUntil(
                () => RowComparison.Report(expected, rows.Values) == "" || running.IsCompleted,
                () => ScenarioPipeline.ReadRows(rowReader, rows));
            Assert.True(arrived && !running.IsCompleted, "the rows were not committed before the commit interval");
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    [Fact]
    public async Task Run_ExactlyOnce_TheGroupHoldsTheOffsetsOfEachCommittedTransaction()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        ScenarioPipeline.Publish(settings, ScenarioFolder.Lines(Scenario, "videos.ndjson"), ScenarioFolder.Lines(Scenario, "events.ndjson"));
        var ends = EndOffsets(cluster, TopicNames.PlayerEvents);
        using var stop = new CancellationTokenSource();
        var processor = Processor(cluster, "group-offsets", TimeSpan.FromMilliseconds(100));
        var running = processor.RunAsync(stop.Token);
        try
        {
            Assert.True(KafkaRecords.PollUntil(
                () => running.IsCompleted || ends.All(end => processor.CommittedOffsets.GetValueOrDefault(end.Key) >= end.Value),
                () => Thread.Yield()));
            Assert.False(running.IsCompleted, "the processor stopped");

            // Read while the processor is still a member, so nothing but its transactions wrote them.
            using var reader = new ConsumerBuilder<byte[], byte[]>(settings.Consumer("processor-commit-test")).Build();
            var committed = reader.Committed(ends.Keys, TimeSpan.FromSeconds(30));
            Assert.All(committed, c => Assert.Equal(ends[c.TopicPartition], c.Offset.Value));
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    private static EngagementProcessor Processor(EmbeddedKafkaCluster cluster, string instance, TimeSpan commitInterval) =>
        new(
            new ProcessorOptions
            {
                BootstrapServers = cluster.BootstrapServers,
                ApplicationId = "processor-commit-test",
                InstanceId = instance,
                CommitInterval = commitInterval,
                SessionTimeout = TimeSpan.FromSeconds(3),
            },
            NullLoggerFactory.Instance);

    // Partitions the scenario wrote to, with the offset after their last record.
    private static Dictionary<TopicPartition, long> EndOffsets(EmbeddedKafkaCluster cluster, string topic)
    {
        using var reader = new ConsumerBuilder<byte[], byte[]>(new KafkaClientSettings(cluster.BootstrapServers).Consumer("processor-commit-test-ends")).Build();
        var partitions = TopicCatalog.Load().Topics.Single(t => t.Name == topic).Partitions;
        return Enumerable.Range(0, partitions)
            .Select(p => new TopicPartition(topic, p))
            .Select(p => (Partition: p, End: reader.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(30)).High.Value))
            .Where(p => p.End > 0)
            .ToDictionary(p => p.Partition, p => p.End);
    }
}
