using Npgsql;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Heatmap;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

[Collection(PostgresCollection.Name)]
public sealed class HeatmapQueriesTests(PostgresFixture postgres)
{
    [Fact]
    public async Task SecondsAsync_RangeAcrossMonthBoundaries_EqualsTheUnionOfTheDailyRows()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        // Jan 20 … Apr 10, a delta every third day; audiences overlap, some days past 1280 viewers.
        var accumulator = new HeatmapAccumulator(HllSettings.Default, saltSecret: null, HeatmapTracking.Deltas);
        var batch = new HeatmapBatch();
        var day = new DateOnly(2026, 1, 20);
        for (var i = 0; day <= new DateOnly(2026, 4, 10); i++, day = day.AddDays(3))
        {
            var audience = i % 4 == 0 ? 1500 : 40 + i;
            for (var u = 0; u < audience; u++)
                accumulator.Credit("v", day, $"user-{(u * 7 + i) % 2000}", 0, u % 3 == 0 ? 4 : 2.5);
            accumulator.Credit("other", day, "someone", 0, 4);
        }
        foreach (var delta in accumulator.DrainDeltas())
            batch.AddDelta(delta);
        await new HeatmapWriter(database.DataSource).WriteAsync(batch);
        var queries = new HeatmapQueries(database.DataSource);
        DateOnly from = new(2026, 1, 25), to = new(2026, 3, 31);

        var seconds = await queries.SecondsAsync("v", from, to);

        var expected = await DailyUnionAsync(database, "v", from, to);
        Assert.Equal([0, 1, 2, 3], seconds.Select(s => s.Second));
        Assert.Equal(expected, seconds);
        // Folded, February and March come from the monthly rollup: without their daily rows nothing changes.
        await new HeatmapMonthFolder(database.DataSource).FoldAsync();
        Assert.Equal(expected, await queries.SecondsAsync("v", from, to));
        await database.ScalarAsync<int>("DELETE FROM heatmap_daily WHERE day >= '2026-02-01'; SELECT 1");
        Assert.Equal(expected, await queries.SecondsAsync("v", from, to));
    }

    [Fact]
    public async Task SecondsAsync_OneDay_ReturnsItsRowsExactly()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var batch = new HeatmapBatch();
        batch.AddDelta(TestDeltas.Watched("v", new DateOnly(2026, 2, 1), TestDeltas.Users("u", 5), 2, 4));
        batch.AddDelta(TestDeltas.Watched("v", new DateOnly(2026, 2, 1), TestDeltas.Users("u", 2), 3, 5));
        batch.AddDelta(TestDeltas.Watched("v", new DateOnly(2026, 2, 2), TestDeltas.Users("x", 9), 0, 9));
        await new HeatmapWriter(database.DataSource).WriteAsync(batch);

        var seconds = await new HeatmapQueries(database.DataSource).SecondsAsync("v", new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 1));

        Assert.Equal([new(2, 5, 5), new(3, 5, 7), new HeatmapSecond(4, 2, 2)], seconds);
    }

    [Fact]
    public async Task SecondsAsync_EndBeforeStart_Throws()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);

        await Assert.ThrowsAsync<ArgumentException>(() => new HeatmapQueries(database.DataSource).SecondsAsync("v", new DateOnly(2026, 2, 2), new DateOnly(2026, 2, 1)));
    }

    private static async Task<List<HeatmapSecond>> DailyUnionAsync(SinkDatabase database, string videoId, DateOnly from, DateOnly to)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            SELECT second, hll_cardinality(hll_union_agg(viewers)), sum(plays)::bigint FROM heatmap_daily
            WHERE video_id = $1 AND day BETWEEN $2 AND $3 GROUP BY second ORDER BY second
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<HeatmapSecond>();
        while (await reader.ReadAsync())
            rows.Add(new HeatmapSecond(reader.GetInt32(0), (long)Math.Round(reader.GetDouble(1), MidpointRounding.AwayFromZero), reader.GetInt64(2)));
        return rows;
    }
}
