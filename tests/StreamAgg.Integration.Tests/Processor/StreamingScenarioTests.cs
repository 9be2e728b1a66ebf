using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StreamAgg.Core.Engagement;
using StreamAgg.Hll;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Integration.Tests.Sink;
using StreamAgg.Integration.Tests.Sink.Heatmap;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Heatmap.Rollups;
using StreamAgg.Testing.Scenarios;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Integration.Tests.Processor;

/// <summary>
/// Every worked scenario through the real wiring: events into the embedded Kafka cluster, the
/// processor's committed output read back with read_committed, and the sinks' rows read back from
/// PostgreSQL; compared with the expected rows and dead letters (SEMANTICS.md §8 tolerances) and
/// with the expected heatmap, exactly: the processor's deltas on the topic and the heatmap the
/// heatmap sink merged into PostgreSQL, queried per (video, day) with HeatmapQueries.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StreamingScenarioTests(PostgresFixture postgres)
{
    public static IEnumerable<object[]> Scenarios() => ScenarioFolder.All();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Pipeline_Scenario_KafkaAndPostgresHoldExpectedRowsAndDeadLetters(string scenario) =>
        RunAsync(scenario, eventKeyField: "userId", rekey: false);

    /// <summary>
    /// A fleet that keys by session (or not at all) gets the same results once the processor
    /// re-keys through the repartition topic. Re-keying merges partitions, so a user's events keep
    /// their order only as far as the input partitions keep pace with each other: these scenarios
    /// have one session per user, where nothing depends on that. (With all of a multi-session
    /// scenario already in the topic, one partition can be forwarded hours of event time ahead of
    /// another, and the lagging session's events are then rightly late.)
    /// </summary>
    [Theory]
    [InlineData("06-video-switching")]
    [InlineData("08-out-of-order-duplicates-late")]
    [InlineData("10-bad-input")]
    public Task Pipeline_InputKeyedBySession_RekeyedInputGivesExpectedRows(string scenario) =>
        RunAsync(scenario, eventKeyField: "sessionId", rekey: true);

    private async Task RunAsync(string scenario, string eventKeyField, bool rekey)
    {
        // Each scenario gets its own cluster: the processor's topic names are fixed.
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        ScenarioPipeline.Publish(settings, ScenarioFolder.Lines(scenario, "videos.ndjson"), ScenarioFolder.Lines(scenario, "events.ndjson"), eventKeyField);
        var expectedRows = ScenarioFolder.Lines(scenario, "expected-engagement.ndjson").Select(l => EngagementRowJson.Read(l)).ToList();
        var expectedDeadLetters = ScenarioFolder.DeadLetters(scenario);

        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var stop = new CancellationTokenSource();
        var clock = new ShiftableTimeProvider();
        var processor = new EngagementProcessor(
            new ProcessorOptions { BootstrapServers = cluster.BootstrapServers, InstanceId = "scenario", CommitInterval = TimeSpan.FromMilliseconds(100), RekeyInput = rekey },
            NullLoggerFactory.Instance,
            clock);
        var sink = new EngagementSink(settings, database.DataSource, new EngagementSinkOptions { MaxBatchDelay = TimeSpan.FromMilliseconds(50) });
        var heatmapSink = new HeatmapSink(settings, database.DataSource, new HeatmapSinkOptions
        {
            MaxBatchDelay = TimeSpan.FromMilliseconds(50),
            Retention = new HeatmapRetention { DailyDays = 100_000, MonthlyMonths = 10_000 }, // the scenarios' days stay, whatever today is
        });
        var processing = processor.RunAsync(stop.Token);
        var sinking = Task.Run(() => sink.RunAsync(stop.Token));
        var heatmapSinking = Task.Run(() => heatmapSink.RunAsync(stop.Token));

        using var rowReader = ScenarioPipeline.CommittedReader(settings, TopicNames.Engagement);
        using var deadLetterReader = ScenarioPipeline.CommittedReader(settings, TopicNames.DeadLetters);
        var topicRows = new Dictionary<EngagementKey, EngagementRow>();
        var deadLetters = new List<(string Reason, string Raw, string Header)>();
        IReadOnlyList<EngagementRow> storedRows = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                ScenarioPipeline.ReadRows(rowReader, topicRows);
                ScenarioPipeline.ReadDeadLetters(deadLetterReader, deadLetters);
                storedRows = await StoredRows.ReadAllAsync(database.DataSource);
                return processing.IsCompleted || sinking.IsCompleted
                    || (RowComparison.Report(expectedRows, topicRows.Values) == ""
                        && RowComparison.Report(expectedRows, storedRows) == ""
                        && deadLetters.Count >= expectedDeadLetters.Count);
            },
            $"the pipeline's output for {scenario}");

        // The input is over but its keys' last events are still inside the lateness window, so
        // they have not credited the heatmap yet. Let an hour of wall clock pass on the quiet
        // partitions: the sessions close, their pending events become final, and the processor
        // emits the rest of the heatmap deltas.
        clock.Shift(TimeSpan.FromHours(1));
        using var heatmapReader = ScenarioPipeline.CommittedReader(settings, TopicNames.HeatmapDeltas);
        var cells = new Dictionary<(string Video, DateOnly Day, int Second), (HllSketch Viewers, long Plays)>();
        var expectedHeatmap = StoredHeatmap.Expected(ScenarioFolder.PathOf(scenario, "expected-heatmap.csv"));
        List<string> storedHeatmap = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                ScenarioPipeline.ReadHeatmap(heatmapReader, cells);
                if (processing.IsCompleted || heatmapSinking.IsCompleted)
                    return true;
                if (!ScenarioPipeline.HeatmapLines(cells).SequenceEqual(expectedHeatmap))
                    return false;
                // The sink follows the topic: query PostgreSQL only once the topic holds it all.
                storedHeatmap = await StoredHeatmap.LinesAsync(database.DataSource);
                return storedHeatmap.SequenceEqual(expectedHeatmap);
            },
            $"the heatmap of {scenario}, on the topic and in PostgreSQL");

        stop.Cancel();
        await processing;
        await sinking;
        await heatmapSinking;

        Assert.Equal(expectedHeatmap, ScenarioPipeline.HeatmapLines(cells));
        Assert.Equal(expectedHeatmap, storedHeatmap);
        // The fast path gives the same numbers, before and after a build of the rollup blocks.
        Assert.Equal(expectedHeatmap, await StoredHeatmap.LinesAsync(database.DataSource, fromRollups: true));
        await new HeatmapRollupBuilder(database.DataSource).BuildAsync();
        Assert.Equal(expectedHeatmap, await StoredHeatmap.LinesAsync(database.DataSource, fromRollups: true));
        var (rollups, sketches) = await StoredHeatmap.WholeRangesAsync(database.DataSource);
        Assert.Equal(sketches, rollups);

        Assert.Equal("", RowComparison.Report(expectedRows, topicRows.Values));
        Assert.Equal("", RowComparison.Report(expectedRows, storedRows));
        Assert.Equal(expectedDeadLetters.Order(), deadLetters.Select(d => (d.Reason, d.Raw)).Order());
        Assert.All(deadLetters, d => Assert.Equal(d.Reason, d.Header));
        // PostgreSQL holds the newest version the topic carried for each key.
        Assert.All(storedRows, r => Assert.Equal(topicRows[new EngagementKey(r.UserId, r.VideoId)].Version, r.Version));
    }
}
