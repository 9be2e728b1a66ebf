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
/// A produce request refused for good fails the open transaction, and librdkafka then wants a
/// producer epoch bump (KIP-360) that the embedded cluster, like any broker before 2.5, refuses:
/// the producer fails for good. The processor replaces it with a new producer of the same
/// transactional id, restores its tasks from their changelogs and replays, in the same process.
/// </summary>
/// <remarks>
/// Depending on timing, librdkafka asks for the epoch bump at once, or only after the records
/// that keep failing behind the refused one (out-of-order sequence numbers) have timed out: the
/// processor's records time out at half the transaction timeout, so that abort ends before the
/// cluster times the transaction out and fences the producer (which the processor would mend too,
/// by the fencing path: Crash/TransactionTimeoutCrashTests).
/// </remarks>
public sealed class ProducerFailureTests
{
    private const string Scenario = "11-mixed-traffic";

    [Fact]
    public async Task Run_ProduceRefusedForGood_ProcessorReplacesItsProducerAndLosesNothing()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        ScenarioPipeline.Publish(settings, ScenarioFolder.Lines(Scenario, "videos.ndjson"), ScenarioFolder.Lines(Scenario, "events.ndjson"));
        var expected = ScenarioFolder.Lines(Scenario, "expected-engagement.ndjson").Select(l => EngagementRowJson.Read(l)).ToList();
        // The input is published and its publisher gone: the next produce request is the processor's
        // first transaction.
        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.InvalidRecord);

        using var stop = new CancellationTokenSource();
        var processor = new EngagementProcessor(
            new ProcessorOptions
            {
                BootstrapServers = cluster.BootstrapServers,
                InstanceId = "producer-failure",
                CommitInterval = TimeSpan.FromMilliseconds(100),
                SessionTimeout = TimeSpan.FromSeconds(3),
            },
            NullLoggerFactory.Instance);
        var running = processor.RunAsync(stop.Token);
        using var rowReader = ScenarioPipeline.CommittedReader(settings, TopicNames.Engagement);
        var rows = new Dictionary<EngagementKey, EngagementRow>();
        KafkaRecords.PollUntil(
            () => running.IsCompleted || RowComparison.Report(expected, rows.Values) == "",
            () => ScenarioPipeline.ReadRows(rowReader, rows));

        Assert.False(running.IsCompleted, $"the processor stopped: {running.Exception?.GetBaseException().Message}");
        stop.Cancel();
        await running;
        Assert.Equal("", RowComparison.Report(expected, rows.Values));
    }
}
