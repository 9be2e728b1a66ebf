using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Testing.Scenarios;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>
/// Every worked scenario's heatmap through Kafka into PostgreSQL: the deltas the core credits,
/// produced in transactions, merged by the heatmap sink, read back per (video, day) with
/// <see cref="HeatmapQueries"/>, equal to expected-heatmap.csv row for row.
/// </summary>
[Collection(SinkCollection.Name)]
public sealed class HeatmapScenarioTests(PostgresFixture postgres, KafkaFixture kafka)
{
    public static IEnumerable<object[]> Scenarios() => ScenarioFolder.All();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Sink_ScenarioDeltas_QueriedHeatmapEqualsExpectedCsv(string scenario)
    {
        var expected = StoredHeatmap.Expected(ScenarioFolder.PathOf(scenario, "expected-heatmap.csv"));
        var deltas = ScenarioDeltas.Of(scenario);
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new HeatmapTopic(kafka, await kafka.CreateTopicAsync("heatmap-scenario", partitions: 3));
        topic.Send(deltas);

        var sink = new HeatmapSink(kafka.Settings, database.DataSource, new HeatmapSinkOptions
        {
            Topic = topic.Name,
            GroupId = KafkaFixture.UniqueName("heatmap-scenario"),
            MaxBatchDelay = TimeSpan.FromMilliseconds(50),
            Retention = new HeatmapRetention { DailyDays = 100_000, MonthlyMonths = 10_000 }, // the scenarios' days stay, whatever today is
        });
        await using (var run = new SinkRun(sink))
            await Eventually.HoldsAsync(() => run.Faulted || sink.Statistics.MessagesStored == deltas.Count, $"the deltas of {scenario} stored");

        Assert.Equal(expected, await StoredHeatmap.LinesAsync(database.DataSource));
        Assert.Equal(expected.Count, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_daily"));
    }
}
