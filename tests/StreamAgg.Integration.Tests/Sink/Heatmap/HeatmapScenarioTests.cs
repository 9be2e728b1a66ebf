using System.Globalization;
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
        var expected = File.ReadAllLines(ScenarioFolder.PathOf(scenario, "expected-heatmap.csv")).Skip(1).Where(l => l.Length > 0).ToList();
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
        await using (var run = new HeatmapSinkRun(sink))
            await Eventually.HoldsAsync(() => run.Faulted || sink.Statistics.MessagesStored == deltas.Count, $"the deltas of {scenario} stored");

        var queries = new HeatmapQueries(database.DataSource);
        var actual = new List<string>();
        foreach (var (videoId, day) in expected.Select(Cells).Distinct())
        {
            foreach (var second in await queries.SecondsAsync(videoId, day, day))
                actual.Add(string.Create(CultureInfo.InvariantCulture, $"{videoId},{day:yyyy-MM-dd},{second.Second},{second.Viewers},{second.Plays}"));
        }
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_daily"));
    }

    private static (string VideoId, DateOnly Day) Cells(string line)
    {
        var fields = line.Split(',');
        return (fields[0], DateOnly.ParseExact(fields[1], "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
