using StreamAgg.Core.Engagement;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Kafka.Embedded;
using StreamAgg.Kafka.Topics;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Testing.Scenarios;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using StreamAgg.Contracts;

namespace StreamAgg.Integration.Tests.Processor;

/// <summary>
/// Every worked scenario through the real wiring: events into the embedded Kafka cluster, the
/// processor's committed output read back with read_committed, compared with the expected rows
/// and dead letters (SEMANTICS.md §8 tolerances).
/// </summary>
public sealed class StreamingScenarioTests
{
    public static IEnumerable<object[]> Scenarios() => ScenarioFolder.All();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Process_Scenario_CommitsExpectedRowsAndDeadLetters(string scenario)
    {
        // Each scenario gets its own cluster: the processor's topic names are fixed.
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        ScenarioPipeline.Publish(settings, ScenarioFolder.Lines(scenario, "videos.ndjson"), ScenarioFolder.Lines(scenario, "events.ndjson"));

        var expectedRows = ScenarioFolder.Lines(scenario, "expected-engagement.ndjson").Select(l => EngagementRowJson.Read(l)).ToList();
        var expectedDeadLetters = ScenarioFolder.DeadLetters(scenario);

        using var stop = new CancellationTokenSource();
        var processor = new EngagementProcessor(
            new ProcessorOptions { BootstrapServers = cluster.BootstrapServers, InstanceId = "scenario", CommitInterval = TimeSpan.FromMilliseconds(100) },
            NullLoggerFactory.Instance);
        var running = processor.RunAsync(stop.Token);

        using var rowReader = ScenarioPipeline.CommittedReader(settings, TopicNames.Engagement);
        using var deadLetterReader = ScenarioPipeline.CommittedReader(settings, TopicNames.DeadLetters);
        var rows = new Dictionary<EngagementKey, EngagementRow>();
        var deadLetters = new List<(string Reason, string Raw, string Header)>();
        KafkaRecords.PollUntil(
            () => RowComparison.Report(expectedRows, rows.Values) == "" && deadLetters.Count >= expectedDeadLetters.Count || running.IsCompleted,
            () =>
            {
                ScenarioPipeline.ReadRows(rowReader, rows);
                ScenarioPipeline.ReadDeadLetters(deadLetterReader, deadLetters);
            });

        stop.Cancel();
        await running;

        Assert.Equal("", RowComparison.Report(expectedRows, rows.Values));
        Assert.Equal(
            expectedDeadLetters.Select(d => (d.Reason, d.Raw)).Order(),
            deadLetters.Select(d => (d.Reason, d.Raw)).Order());
        Assert.All(deadLetters, d => Assert.Equal(d.Reason, d.Header));
        Assert.All(rows.Values, r => Assert.True(r.Version > 0));
    }
}
