using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Heatmap;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.Heatmap.TestDeltas;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

[Collection(PostgresCollection.Name)]
public sealed class HeatmapMonthFolderTests(PostgresFixture postgres)
{
    // Monthly rows equal the union of their month's daily rows and the sum of their plays.
    private const string MonthlyMismatches =
        """
        SELECT count(*) FROM heatmap_monthly m
        FULL JOIN (
            SELECT video_id, date_trunc('month', day)::date AS month, second, hll_union_agg(viewers)::text AS viewers, sum(plays) AS plays
            FROM heatmap_daily GROUP BY 1, 2, 3
        ) d USING (video_id, month, second)
        WHERE m.viewers::text IS DISTINCT FROM d.viewers OR m.plays IS DISTINCT FROM d.plays
        """;

    [Fact]
    public async Task SecondsAsync_UnfoldedMonths_EqualsTheAnswerAfterTheFold()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        var folder = new HeatmapMonthFolder(database.DataSource);
        var queries = new HeatmapQueries(database.DataSource);
        // January folded once, then more deltas to January (a late one) and February, unfolded.
        await writer.WriteAsync(Batch(Watched("v", new(2026, 1, 10), Users("a", 1000), 0, 3), Watched("v", new(2026, 1, 20), Users("b", 40), 1, 4)));
        await folder.FoldAsync();
        await writer.WriteAsync(Batch(Watched("v", new(2026, 1, 10), Users("c", 30), 0, 2), Watched("v", new(2026, 2, 3), Users("a", 2000), 0, 3)));
        await writer.WriteAsync(Batch(Watched("v", new(2026, 2, 28), Users("d", 7), 2, 5), Watched("other", new(2026, 2, 3), Users("a", 9), 0, 3)));
        (DateOnly, DateOnly)[] ranges = [(new(2026, 1, 1), new(2026, 1, 31)), (new(2026, 1, 1), new(2026, 2, 28)), (new(2026, 1, 5), new(2026, 2, 28)), (new(2026, 1, 10), new(2026, 1, 10)), (new(2026, 1, 1), new(2026, 3, 31))];
        var before = new List<IReadOnlyList<HeatmapSecond>>();
        foreach (var (from, to) in ranges)
            before.Add(await queries.SecondsAsync("v", from, to));
        Assert.Equal(3L, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_unfolded_months"));

        Assert.Equal(3, await folder.FoldAsync());

        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_unfolded_months"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_daily WHERE unfolded_plays IS NOT NULL"));
        Assert.Equal(0L, await database.ScalarAsync<long>(MonthlyMismatches));
        for (var i = 0; i < ranges.Length; i++)
            Assert.Equal(before[i], await queries.SecondsAsync("v", ranges[i].Item1, ranges[i].Item2));
        // The whole January: 1000 + 30 viewers at second 0 (the b viewers start at 1), 1030 plays.
        Assert.Equal(new HeatmapSecond(0, 1030, 1030), before[0][0]);
    }

    [Fact]
    public async Task FoldAsync_RepeatedWithMergesBetween_PlaysEqualTheSumOfTheDeltas()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        var folder = new HeatmapMonthFolder(database.DataSource);
        var day = new DateOnly(2026, 3, 14);
        for (var round = 0; round < 5; round++)
        {
            await writer.WriteAsync(Batch(Watched("v", day, Users($"r{round}-", round + 1), 0, 2)));
            await folder.FoldAsync();
            await folder.FoldAsync(); // nothing new: must add nothing
        }

        // 1 + 2 + 3 + 4 + 5 = 15 plays at each of seconds 0 and 1, in the day and in the month.
        Assert.Equal("0:15,1:15", await database.ScalarAsync<string>("SELECT string_agg(second || ':' || plays, ',' ORDER BY second) FROM heatmap_monthly"));
        Assert.Equal(0L, await database.ScalarAsync<long>(MonthlyMismatches));
        Assert.Equal([new(0, 15, 15), new HeatmapSecond(1, 15, 15)], await new HeatmapQueries(database.DataSource).SecondsAsync("v", new(2026, 3, 1), new(2026, 3, 31)));
    }

    [Fact]
    public async Task FoldAsync_ConcurrentWithMerges_LosesAndDoublesNothing()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        var folder = new HeatmapMonthFolder(database.DataSource);
        var merging = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
                await writer.WriteAsync(Batch(Watched("v", new DateOnly(2026, 4, 1 + i % 3), Users($"m{i}-", 3), i % 5, i % 5 + 2), Watched("w", new(2026, 4, 2), Users($"m{i}-", 1), 0, 1)));
        });
        var folds = 0;
        while (!merging.IsCompleted)
            folds += await folder.FoldAsync();
        await merging;
        await folder.FoldAsync();

        Assert.True(folds > 0, "no fold ran while merging");
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_unfolded_months"));
        Assert.Equal(0L, await database.ScalarAsync<long>(MonthlyMismatches));
        Assert.Equal(40L * 3 * 2 + 40, await database.ScalarAsync<long>("SELECT sum(plays)::bigint FROM heatmap_monthly"));
    }

    [Fact]
    public async Task DeleteExpiredAsync_AfterTheFold_KeepsTheMonthsAnswer()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        await writer.WriteAsync(Batch(Watched("v", new(2026, 3, 2), Users("a", 20), 0, 2), Watched("v", new(2026, 3, 30), Users("b", 10), 0, 2)));
        await new HeatmapMonthFolder(database.DataSource).FoldAsync();
        var queries = new HeatmapQueries(database.DataSource);
        var march = await queries.SecondsAsync("v", new(2026, 3, 1), new(2026, 3, 31));
        // 2026-06-15 keeps 90 days: from 2026-03-17 on.
        var expiring = new HeatmapWriter(database.DataSource, time: new FixedClock(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero)));

        var deleted = await expiring.DeleteExpiredAsync(new HeatmapRetention());

        Assert.Equal((2L, 0L), deleted);
        Assert.Equal([new(0, 30, 30), new HeatmapSecond(1, 30, 30)], march);
        Assert.Equal(march, await queries.SecondsAsync("v", new(2026, 3, 1), new(2026, 3, 31)));
    }

    [Fact]
    public async Task DeleteExpiredAsync_UnfoldedDailyRows_AreKeptUntilFolded()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        await new HeatmapWriter(database.DataSource).WriteAsync(Batch(Watched("v", new(2026, 3, 2), Users("a", 20), 0, 2)));
        var expiring = new HeatmapWriter(database.DataSource, time: new FixedClock(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero)));

        var beforeFold = await expiring.DeleteExpiredAsync(new HeatmapRetention());
        await new HeatmapMonthFolder(database.DataSource).FoldAsync();
        var afterFold = await expiring.DeleteExpiredAsync(new HeatmapRetention());

        Assert.Equal((0L, 0L), beforeFold);
        Assert.Equal((2L, 0L), afterFold);
        Assert.Equal([new(0, 20, 20), new HeatmapSecond(1, 20, 20)], await new HeatmapQueries(database.DataSource).SecondsAsync("v", new(2026, 3, 1), new(2026, 3, 31)));
    }

    [Fact]
    public async Task WriteAsync_LateDeltaToADeletedDayAfterTheFold_CountsOnceInTheMonth()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        var folder = new HeatmapMonthFolder(database.DataSource);
        var day = new DateOnly(2026, 3, 2);
        await writer.WriteAsync(Batch(Watched("v", day, Users("a", 20), 0, 1)));
        await folder.FoldAsync();
        await new HeatmapWriter(database.DataSource, time: new FixedClock(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero))).DeleteExpiredAsync(new HeatmapRetention());
        var queries = new HeatmapQueries(database.DataSource);
        DateOnly march = new(2026, 3, 1), endOfMarch = new(2026, 3, 31);

        // 5 of the 20 viewers again and 3 new ones, on the day whose row is gone (a writer without retention, as a replay tool would be).
        await writer.WriteAsync(Batch(Watched("v", day, Users("a", 5).Concat(Users("n", 3)), 0, 1)));
        var unfolded = await queries.SecondsAsync("v", march, endOfMarch);
        await folder.FoldAsync();
        var folded = await queries.SecondsAsync("v", march, endOfMarch);

        Assert.Equal([new HeatmapSecond(0, 23, 28)], unfolded);
        Assert.Equal(unfolded, folded);
        Assert.Equal(28L, await database.ScalarAsync<long>("SELECT plays FROM heatmap_monthly"));
    }

    private static HeatmapBatch Batch(params StreamAgg.Heatmap.HeatmapDelta[] deltas)
    {
        var batch = new HeatmapBatch();
        foreach (var delta in deltas)
            batch.AddDelta(delta);
        return batch;
    }
}
