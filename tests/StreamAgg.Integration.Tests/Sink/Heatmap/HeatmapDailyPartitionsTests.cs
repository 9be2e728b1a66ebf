using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Heatmap;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.Heatmap.TestDeltas;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

[Collection(PostgresCollection.Name)]
public sealed class HeatmapDailyPartitionsTests(PostgresFixture postgres)
{
    private static readonly FixedClock June15 = new(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task CreatePartitionsAheadAsync_FreshDatabase_CreatesYesterdayToThreeDaysAheadOnce()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource, time: June15);

        var created = await writer.CreatePartitionsAheadAsync();
        var again = await writer.CreatePartitionsAheadAsync();

        Assert.Equal(5, created);
        Assert.Equal(0, again);
        Assert.Equal(
            [new(2026, 6, 14), new(2026, 6, 15), new(2026, 6, 16), new(2026, 6, 17), new DateOnly(2026, 6, 18)],
            await new HeatmapDailyPartitions(database.DataSource).DaysAsync());
    }

    [Fact]
    public async Task WriteAsync_SameNewDayFromManyWritersAtOnce_CreatesItsPartitionOnceAndStoresEverything()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var day = new DateOnly(2026, 6, 20);

        // Eight transactions find the day's partition missing at the same moment; the per-day lock
        // lets one create it and the others see it, instead of a catalog conflict.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var batch = new HeatmapBatch();
            batch.AddDelta(Watched($"v{i}", day, Users("a", 3), 0, 2));
            await new HeatmapWriter(database.DataSource).WriteAsync(batch);
        })));

        Assert.Equal([day], await new HeatmapDailyPartitions(database.DataSource).DaysAsync());
        Assert.Equal(16L, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_daily_20260620"));
    }

    [Fact]
    public async Task DeleteExpiredAsync_DayWithOneUnfoldedRow_IsKeptWholeUntilFolded()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        var folder = new HeatmapMonthFolder(database.DataSource);
        var expiring = new HeatmapWriter(database.DataSource, time: June15);
        DateOnly old = new(2026, 3, 2), kept = new(2026, 3, 17);
        await writer.WriteAsync(Batch(Watched("v", old, Users("a", 20), 0, 3), Watched("v", kept, Users("a", 5), 0, 1)));
        await folder.FoldAsync();
        // A late delta to one second of the old day (a writer without retention): one unfolded row among three.
        await writer.WriteAsync(Batch(Watched("v", old, Users("n", 2), 1, 2)));
        var queries = new HeatmapQueries(database.DataSource);
        var march = await queries.SecondsAsync("v", new(2026, 3, 1), new(2026, 3, 31));

        var beforeFold = await expiring.DeleteExpiredAsync(new HeatmapRetention());
        var daysBeforeFold = await new HeatmapDailyPartitions(database.DataSource).DaysAsync();
        await folder.FoldAsync();
        var afterFold = await expiring.DeleteExpiredAsync(new HeatmapRetention());

        Assert.Equal((0L, 0L), beforeFold);
        Assert.Equal([old, kept], daysBeforeFold);
        Assert.Equal((3L, 0L), afterFold);
        Assert.Equal([kept], await new HeatmapDailyPartitions(database.DataSource).DaysAsync());
        Assert.Equal([new(0, 20, 25), new(1, 22, 22), new HeatmapSecond(2, 20, 20)], march);
        Assert.Equal(march, await queries.SecondsAsync("v", new(2026, 3, 1), new(2026, 3, 31)));
    }

    private static HeatmapBatch Batch(params StreamAgg.Heatmap.HeatmapDelta[] deltas)
    {
        var batch = new HeatmapBatch();
        foreach (var delta in deltas)
            batch.AddDelta(delta);
        return batch;
    }
}
