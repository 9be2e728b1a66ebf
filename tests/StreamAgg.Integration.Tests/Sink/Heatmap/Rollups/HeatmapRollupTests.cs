using StreamAgg.Heatmap;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Heatmap.Rollups;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.Heatmap.TestDeltas;

namespace StreamAgg.Integration.Tests.Sink.Heatmap.Rollups;

/// <summary>
/// The fast path (rollup blocks and daily rows unioned in-process) against the sketch query
/// (postgresql-hll's <c>hll_union_agg</c> in PostgreSQL) on the same rows: equal for every range,
/// built or not, with days changed after their blocks were built, and with today in the range.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HeatmapRollupTests(PostgresFixture postgres)
{
    private static readonly DateOnly First = new(2026, 3, 27);
    private const int Days = 11;

    [Fact]
    public async Task RollupSecondsAsync_EveryRange_EqualsTheSketchQuery()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        await writer.WriteAsync(Traffic());
        var queries = new HeatmapQueries(database.DataSource);

        // Nothing built yet: every day from its daily rows.
        await AssertEveryRangeEqualAsync(queries);

        // Built as of the day after the last: every block that ends before it.
        var builder = new HeatmapRollupBuilder(database.DataSource, time: new FixedClock(new DateTimeOffset(First.AddDays(Days), TimeOnly.MinValue, TimeSpan.Zero)));
        Assert.True(await builder.BuildAsync() > Days);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_rollup_days WHERE changes <> rolled_changes"));
        await AssertEveryRangeEqualAsync(queries);

        // A late delta to an old day: its blocks are no longer served until rebuilt.
        await writer.WriteAsync(Batch(Watched("v", First.AddDays(3), Users("late", 1500), 2, 9)));
        await AssertEveryRangeEqualAsync(queries);
        Assert.True(await builder.BuildAsync() > 0);
        await AssertEveryRangeEqualAsync(queries);
    }

    [Fact]
    public async Task RollupSecondsAsync_RangeWithToday_IncludesTodaysLatestDeltas()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        await writer.WriteAsync(Traffic());
        var today = First.AddDays(Days - 1);
        var clock = new FixedClock(new DateTimeOffset(today, new TimeOnly(12, 0), TimeSpan.Zero));
        await new HeatmapRollupBuilder(database.DataSource, time: clock).BuildAsync();
        // Of the blocks holding today, only today's own is built.
        Assert.Equal(1L, await database.ScalarAsync<long>($"SELECT count(*) FROM heatmap_rollup WHERE video_id = 'v' AND start_day + (1 << level) > '{today:yyyy-MM-dd}'"));
        var before = await new HeatmapQueries(database.DataSource).SecondsAsync("v", First, today);

        await writer.WriteAsync(Batch(Watched("v", today, Users("now", 5), 0, 1)));

        // Exact: today's rows are read, the fresh deltas are in.
        var now = await new HeatmapQueries(database.DataSource).SecondsAsync("v", First, today);
        Assert.NotEqual(before, now);
        Assert.Equal(now, await new HeatmapQueries(database.DataSource).RollupSecondsAsync("v", First, today));
        Assert.Equal(now, (await new HeatmapQueries(database.DataSource, clock, maxWindowLag: TimeSpan.Zero).AnswerAsync("v", First, today)).Seconds);
        // Within the allowed lag, today's block (built before the deltas) answers, and says so.
        var lagging = await new HeatmapQueries(database.DataSource, clock, maxWindowLag: TimeSpan.FromMinutes(5)).AnswerAsync("v", First, today);
        Assert.Equal(HeatmapAnswerSource.Rollups, lagging.Source);
        Assert.False(lagging.Current);
        Assert.Equal(before, lagging.Seconds);
    }

    [Fact]
    public async Task RollupSecondsAsync_UpTo1280Viewers_ExactCountsLikeTheSketchQuery()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        // 600 + 680 distinct viewers at second 0 over two days (explicit), 1,281 with a third day.
        await writer.WriteAsync(Batch(Watched("v", First, Users("a", 600), 0, 2), Watched("v", First.AddDays(1), Users("b", 680), 0, 1), Watched("v", First.AddDays(2), Users("c", 1), 0, 1)));
        await new HeatmapRollupBuilder(database.DataSource, time: new FixedClock(new DateTimeOffset(First.AddDays(5), TimeOnly.MinValue, TimeSpan.Zero))).BuildAsync();
        var queries = new HeatmapQueries(database.DataSource);

        Assert.Equal([new(0, 1280, 1280), new HeatmapSecond(1, 600, 600)], await queries.RollupSecondsAsync("v", First, First.AddDays(1)));
        var three = await queries.RollupSecondsAsync("v", First, First.AddDays(2));
        Assert.Equal(await queries.SecondsAsync("v", First, First.AddDays(2)), three);
    }

    [Fact]
    public async Task RollupSecondsAsync_BeforeTheHorizon_LeavesTheRangeToTheSketchQuery()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        await writer.WriteAsync(Traffic());
        var clock = new FixedClock(new DateTimeOffset(First.AddDays(30), TimeOnly.MinValue, TimeSpan.Zero));
        await new HeatmapRollupBuilder(database.DataSource, retention: new HeatmapRetention { DailyDays = 25 }, time: clock).BuildAsync();
        var queries = new HeatmapQueries(database.DataSource);

        Assert.Null(await queries.RollupSecondsAsync("v", First, First.AddDays(Days - 1)));
        Assert.Equal(HeatmapAnswerSource.Sketches, (await queries.AnswerAsync("v", First, First.AddDays(Days - 1))).Source);
        Assert.Equal(await queries.SecondsAsync("v", First.AddDays(5), First.AddDays(Days - 1)), await queries.RollupSecondsAsync("v", First.AddDays(5), First.AddDays(Days - 1)));
    }

    private static async Task AssertEveryRangeEqualAsync(HeatmapQueries queries)
    {
        for (var from = First.AddDays(-1); from <= First.AddDays(Days); from = from.AddDays(1))
        {
            for (var to = from; to <= First.AddDays(Days); to = to.AddDays(1))
            {
                var fast = await queries.RollupSecondsAsync("v", from, to);
                var exact = await queries.SecondsAsync("v", from, to);
                Assert.True(exact.SequenceEqual(fast!), $"{from:yyyy-MM-dd} .. {to:yyyy-MM-dd}: rollups {Show(fast!)}, sketch query {Show(exact)}");
            }
        }
    }

    private static string Show(IReadOnlyList<HeatmapSecond> seconds) => string.Join(' ', seconds.Select(s => $"{s.Second}:{s.Viewers}/{s.Plays}"));

    /// <summary>
    /// Days of explicit, sparse and full sketches, overlapping audiences (so unions are smaller than
    /// sums), seconds nobody watched on some days, a day without traffic, and a second video.
    /// </summary>
    private static HeatmapBatch Traffic()
    {
        var deltas = new List<HeatmapDelta>();
        int[] sizes = [40, 700, 3000, 0, 1200, 9000, 150, 2500, 600, 30000, 900];
        for (var d = 0; d < Days; d++)
        {
            if (sizes[d] == 0)
                continue;
            var day = First.AddDays(d);
            deltas.Add(Watched("v", day, Users($"p{d % 3}-", sizes[d]), 0, 3 + (d % 4)));
            deltas.Add(Watched("v", day, Users($"q{d % 2}-", sizes[d] / 3 + 1), 5 + (d % 3), 12));
            deltas.Add(Watched("other", day, Users("o", 100), 0, 2));
        }
        return Batch([.. deltas]);
    }

    private static HeatmapBatch Batch(params HeatmapDelta[] deltas)
    {
        var batch = new HeatmapBatch();
        foreach (var delta in deltas)
            batch.AddDelta(delta);
        return batch;
    }
}
