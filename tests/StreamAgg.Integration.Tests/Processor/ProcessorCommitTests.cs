using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
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
/// Where the processor's offsets go: under exactly-once the transaction alone puts them in the
/// group (no repeat through the consumer). When it commits: StreamThreadCommitTests.
/// </summary>
public sealed class ProcessorCommitTests
{
    private const string Scenario = "02-pause-resume-skip-back";

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
