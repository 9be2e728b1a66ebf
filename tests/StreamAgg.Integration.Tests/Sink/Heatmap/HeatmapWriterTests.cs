using Npgsql;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Heatmap;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.Heatmap.TestDeltas;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

[Collection(PostgresCollection.Name)]
public sealed class HeatmapWriterTests(PostgresFixture postgres)
{
    private static readonly DateOnly Day = new(2026, 1, 31);

    [Fact]
    public async Task WriteAsync_DeltasOfOneCellInSeveralBatches_StoresTheBytesOfHllAddAggOverTheSameUsers()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        var first = Users("u", 1000).ToArray();
        var second = Users("u", 1500).Skip(500).Concat(Users("w", 1000)).ToArray(); // 2000 users, 500 of them in the first
        var small = Users("s", 3).ToArray();

        // Two deltas of the same cells in one batch (merged in memory), a third in another (merged in PostgreSQL).
        var batch = new HeatmapBatch();
        batch.AddDelta(Watched("v", Day, first, 0, 3));
        batch.AddDelta(Watched("v", Day, second[..700], 0, 3));
        await writer.WriteAsync(batch);
        batch.Clear();
        batch.AddDelta(Watched("v", Day, second[700..], 0, 3));
        batch.AddDelta(Watched("small", Day, small, 10, 10.5));
        await writer.WriteAsync(batch);

        var everyone = first.Concat(second).ToArray();
        Assert.Equal(await HllAddAggAsync(database, everyone), await StoredAsync(database, "SELECT viewers::text FROM heatmap_daily WHERE video_id = 'v' AND second = 2"));
        Assert.Equal(await HllAddAggAsync(database, small), await StoredAsync(database, "SELECT viewers::text FROM heatmap_daily WHERE video_id = 'small' AND second = 10"));
        Assert.Equal(3000L, await database.ScalarAsync<long>("SELECT plays FROM heatmap_daily WHERE video_id = 'v' AND second = 0"));
        Assert.Equal(4L, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_daily"));
    }

    [Fact]
    public async Task WriteAsync_DaysOfTwoMonths_UpsertsDailyRowsOnlyAndMarksEachMonthOnce()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new HeatmapWriter(database.DataSource);
        var batch = new HeatmapBatch();
        batch.AddDelta(Watched("v", new DateOnly(2026, 1, 30), Users("a", 900), 0, 2));
        batch.AddDelta(Watched("v", new DateOnly(2026, 1, 31), Users("a", 1200), 1, 3));
        batch.AddDelta(Watched("w", new DateOnly(2026, 1, 31), Users("a", 2), 1, 3));
        await writer.WriteAsync(batch);
        batch.Clear();
        batch.AddDelta(Watched("v", new DateOnly(2026, 1, 31), Users("b", 300), 0, 2));
        batch.AddDelta(Watched("v", new DateOnly(2026, 2, 1), Users("a", 50), 0, 2));

        var rows = await writer.WriteAsync(batch);

        Assert.Equal(4, rows);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_monthly"));
        // One marker per (video, month), bumped once per batch that touched it.
        Assert.Equal("v:2026-01-01:2,v:2026-02-01:1,w:2026-01-01:1", await database.ScalarAsync<string>(
            "SELECT string_agg(video_id || ':' || month || ':' || changes, ',' ORDER BY video_id, month) FROM heatmap_unfolded_months"));
        // Every play is unfolded, also in a row merged by both batches: 1200 + 300 at 2026-01-31 second 1.
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM heatmap_daily WHERE unfolded_plays IS DISTINCT FROM plays"));
        Assert.Equal(1500L, await database.ScalarAsync<long>("SELECT unfolded_plays FROM heatmap_daily WHERE video_id = 'v' AND day = '2026-01-31' AND second = 1"));
    }

    [Fact]
    public async Task WriteAsync_CellsPastRetention_AreNotWritten()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var clock = new FixedClock(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero));
        var writer = new HeatmapWriter(database.DataSource, retention: new HeatmapRetention { DailyDays = 10, MonthlyMonths = 24 }, time: clock);
        var batch = new HeatmapBatch();
        batch.AddDelta(Watched("v", new DateOnly(2026, 6, 5), Users("a", 2), 0, 1));  // the oldest day kept
        batch.AddDelta(Watched("v", new DateOnly(2026, 6, 4), Users("a", 2), 0, 1));  // a day too old
        batch.AddDelta(Watched("v", new DateOnly(2024, 5, 31), Users("a", 2), 0, 1)); // a month too old

        await writer.WriteAsync(batch);

        Assert.Equal("2026-06-05", await database.ScalarAsync<string>("SELECT string_agg(day::text, ',') FROM heatmap_daily"));
        Assert.Equal("2026-06-01", await database.ScalarAsync<string>("SELECT string_agg(month::text, ',') FROM heatmap_unfolded_months"));
    }

    [Fact]
    public async Task DeleteExpiredAsync_RowsBeforeTheRetention_AreDeletedAndTheRestKept()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var batch = new HeatmapBatch();
        foreach (var day in new[] { new DateOnly(2024, 5, 31), new DateOnly(2024, 6, 1), new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 17), new DateOnly(2026, 6, 15) })
            batch.AddDelta(Watched("v", day, Users("a", 3), 0, 2));
        await new HeatmapWriter(database.DataSource).WriteAsync(batch);
        await new HeatmapMonthFolder(database.DataSource).FoldAsync();
        var clock = new FixedClock(new DateTimeOffset(2026, 6, 15, 23, 59, 0, TimeSpan.Zero));

        var deleted = await new HeatmapWriter(database.DataSource, time: clock).DeleteExpiredAsync(new HeatmapRetention());

        // 90 days before 2026-06-15 is 2026-03-17; 24 months before June 2026 is June 2024.
        Assert.Equal((6L, 2L), deleted);
        Assert.Equal("2026-03-17,2026-06-15", await database.ScalarAsync<string>("SELECT string_agg(DISTINCT day::text, ',' ORDER BY day::text) FROM heatmap_daily"));
        Assert.Equal("2024-06-01,2026-03-01,2026-06-01", await database.ScalarAsync<string>("SELECT string_agg(DISTINCT month::text, ',' ORDER BY month::text) FROM heatmap_monthly"));
    }

    private static async Task<string> HllAddAggAsync(SinkDatabase database, string[] users)
    {
        await using var command = database.DataSource.CreateCommand("SELECT hll_add_agg(hll_hash_text(x), 14, 5)::text FROM unnest($1::text[]) AS x");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = users });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static Task<string> StoredAsync(SinkDatabase database, string sql) => database.ScalarAsync<string>(sql);
}
