using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Wire;
using StreamAgg.Core.Engagement;
using StreamAgg.Hll;
using StreamAgg.Integration.Tests.Sink;
using StreamAgg.Integration.Tests.Sink.Heatmap;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Testing.Scenarios;
using Xunit;

namespace StreamAgg.Integration.Tests.Processor;

/// <summary>
/// <c>process --close-idle-after</c> at the end of a replay: once the input is over and the
/// partitions stay quiet that long on the wall clock, every session is reported closed and the
/// heatmap is complete, long before the session timeout (30 min) would close them.
/// </summary>
public sealed class CloseIdleAfterTests
{
    private const string Scenario = "11-mixed-traffic";
    private static readonly TimeSpan CloseIdleAfter = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Run_InputOverAndQuietForCloseIdleAfter_EverySessionClosesAndTheHeatmapIsComplete()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        ScenarioPipeline.Publish(settings, ScenarioFolder.Lines(Scenario, "videos.ndjson"), ScenarioFolder.Lines(Scenario, "events.ndjson"));
        var expectedRows = ScenarioFolder.Lines(Scenario, "expected-engagement.ndjson").Select(l => EngagementRowJson.Read(l)).ToList();
        var expectedHeatmap = StoredHeatmap.Expected(ScenarioFolder.PathOf(Scenario, "expected-heatmap.csv"));
        Assert.True(CloseIdleAfter < EngagementOptions.Default.SessionTimeout, "the option must close sooner than the timeout would");

        using var stop = new CancellationTokenSource();
        var clock = new ShiftableTimeProvider();
        var processor = new EngagementProcessor(
            new ProcessorOptions
            {
                BootstrapServers = cluster.BootstrapServers,
                InstanceId = "close-idle",
                CommitInterval = TimeSpan.FromMilliseconds(100),
                CloseIdleAfter = CloseIdleAfter,
            },
            NullLoggerFactory.Instance,
            clock);
        var processing = processor.RunAsync(stop.Token);
        using var rowReader = ScenarioPipeline.CommittedReader(settings, TopicNames.Engagement);
        using var heatmapReader = ScenarioPipeline.CommittedReader(settings, TopicNames.HeatmapDeltas);
        var rows = new Dictionary<EngagementKey, EngagementRow>();
        var cells = new Dictionary<(string Video, DateOnly Day, int Second), (HllSketch Viewers, long Plays)>();
        try
        {
            await Eventually.HoldsAsync(
                () =>
                {
                    ScenarioPipeline.ReadRows(rowReader, rows);
                    return Task.FromResult(processing.IsCompleted || RowComparison.Report(expectedRows, rows.Values) == "");
                },
                "every row of the scenario on the topic");
            Assert.False(processing.IsCompleted, "the processor stopped");

            clock.Shift(CloseIdleAfter + TimeSpan.FromSeconds(1));
            await Eventually.HoldsAsync(
                () =>
                {
                    ScenarioPipeline.ReadRows(rowReader, rows);
                    ScenarioPipeline.ReadHeatmap(heatmapReader, cells);
                    return Task.FromResult(processing.IsCompleted
                        || (rows.Values.All(r => !r.ActiveSession) && ScenarioPipeline.HeatmapLines(cells).SequenceEqual(expectedHeatmap)));
                },
                "every session closed and the heatmap complete");
            Assert.False(processing.IsCompleted, "the processor stopped");
        }
        finally
        {
            await stop.CancelAsync();
            await processing;
        }

        Assert.All(rows.Values, r => Assert.False(r.ActiveSession));
        Assert.Equal(expectedHeatmap, ScenarioPipeline.HeatmapLines(cells));
        Assert.Equal("", RowComparison.Report(expectedRows, rows.Values));
    }
}
