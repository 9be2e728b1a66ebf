using Microsoft.Extensions.Time.Testing;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Heatmap;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.Heatmap.TestDeltas;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

[Collection(PostgresCollection.Name)]
public sealed class HeatmapWindowRefresherTests(PostgresFixture postgres)
{
    private static readonly DateOnly NewestDay = new(2026, 4, 10);
    private static readonly DateTimeOffset Start = new(2026, 4, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RefreshAsync_ChangedVideo_EveryWindowEqualsTheSketchQueryOfItsRange()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        await WriteAsync(database, ManyDays());
        var clock = new FakeTimeProvider(Start);

        Assert.Equal(2, await new HeatmapWindowRefresher(database.DataSource, time: clock).RefreshAsync());

        var queries = new HeatmapQueries(database.DataSource, clock);
        foreach (var window in HeatmapWindow.Standard)
        {
            var (from, to) = window.Range(NewestDay);
            var answer = await queries.AnswerAsync("v", from, to);
            Assert.Equal((HeatmapAnswerSource.Window, window.Name, true), (answer.Source, answer.Window, answer.Current));
            Assert.Equal((from, to), (answer.From, answer.To));
            Assert.Equal(await queries.SecondsAsync("v", from, to), answer.Seconds);
            Assert.Equal(answer.Seconds, (await queries.WindowAsync("v", window)).Seconds);
        }
        // Seconds past 1280 viewers carry a real estimate: the window keeps it to the last digit.
        Assert.Contains((await queries.WindowAsync("v", new HeatmapWindow(90))).Seconds, s => s.Viewers > 1280);
    }

    [Fact]
    public async Task RefreshDueAsync_NewDeltas_RefreshedOnlyOnceTheIntervalHasPassed()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        await WriteAsync(database, [Watched("v", NewestDay, Users("a", 10), 0, 3)]);
        var clock = new FakeTimeProvider(Start);
        var refresher = new HeatmapWindowRefresher(database.DataSource, new HeatmapWindowOptions { RefreshInterval = TimeSpan.FromSeconds(60) }, time: clock);
        var queries = new HeatmapQueries(database.DataSource, clock);
        var window = new HeatmapWindow(7);
        Assert.Equal(1, await refresher.RefreshDueAsync());

        await WriteAsync(database, [Watched("v", NewestDay, Users("b", 5), 0, 3)]);
        clock.Advance(TimeSpan.FromSeconds(59));
        var early = await refresher.RefreshDueAsync();
        var beforeInterval = await queries.WindowAsync("v", window);
        clock.Advance(TimeSpan.FromSeconds(1));
        var due = await refresher.RefreshDueAsync();
        var afterInterval = await queries.WindowAsync("v", window);

        Assert.Equal(0, early);
        Assert.Equal((HeatmapAnswerSource.Window, false, TimeSpan.FromSeconds(59)), (beforeInterval.Source, beforeInterval.Current, beforeInterval.Age));
        Assert.Equal(10, beforeInterval.Seconds[0].Viewers);
        Assert.Equal(1, due);
        Assert.Equal((HeatmapAnswerSource.Window, true, TimeSpan.Zero), (afterInterval.Source, afterInterval.Current, afterInterval.Age));
        Assert.Equal(15, afterInterval.Seconds[0].Viewers);
        Assert.Equal(0, await refresher.RefreshAsync()); // nothing changed since
    }

    [Fact]
    public async Task AnswerAsync_WindowBehindLongerThanTheLag_RollupsAnswerWithTheNewDeltas()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        await WriteAsync(database, [Watched("v", NewestDay, Users("a", 10), 0, 3)]);
        var clock = new FakeTimeProvider(Start);
        await new HeatmapWindowRefresher(database.DataSource, time: clock).RefreshAsync();
        await WriteAsync(database, [Watched("v", NewestDay, Users("b", 5), 0, 3)]);
        var queries = new HeatmapQueries(database.DataSource, clock, maxWindowLag: TimeSpan.FromMinutes(5));
        var (from, to) = new HeatmapWindow(28).Range(NewestDay);

        clock.Advance(TimeSpan.FromMinutes(5));
        var withinLag = await queries.AnswerAsync("v", from, to);
        clock.Advance(TimeSpan.FromSeconds(1));
        var pastLag = await queries.AnswerAsync("v", from, to);

        Assert.Equal((HeatmapAnswerSource.Window, 10L), (withinLag.Source, withinLag.Seconds[0].Viewers));
        Assert.Equal((HeatmapAnswerSource.Rollups, 15L, true), (pastLag.Source, pastLag.Seconds[0].Viewers, pastLag.Current));
        Assert.Null(pastLag.Window);
    }

    [Fact]
    public async Task AnswerAsync_WindowWithoutNewDeltas_ServedHowEverOld()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        await WriteAsync(database, [Watched("v", NewestDay, Users("a", 10), 0, 3)]);
        var clock = new FakeTimeProvider(Start);
        await new HeatmapWindowRefresher(database.DataSource, time: clock).RefreshAsync();
        clock.Advance(TimeSpan.FromDays(3));

        var answer = await new HeatmapQueries(database.DataSource, clock).WindowAsync("v", new HeatmapWindow(90));

        Assert.Equal((HeatmapAnswerSource.Window, true, TimeSpan.FromDays(3)), (answer.Source, answer.Current, answer.Age));
    }

    [Fact]
    public async Task AnswerAsync_RangeThatIsNoWindow_RollupsAnswerWithTheSketchQuerysNumbers()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        await WriteAsync(database, ManyDays());
        var clock = new FakeTimeProvider(Start);
        await new HeatmapWindowRefresher(database.DataSource, time: clock).RefreshAsync();
        var queries = new HeatmapQueries(database.DataSource, clock);
        DateOnly from = new(2026, 2, 3), to = NewestDay;

        var answer = await queries.AnswerAsync("v", from, to);

        Assert.Equal(HeatmapAnswerSource.Rollups, answer.Source);
        Assert.Equal(await queries.SecondsAsync("v", from, to), answer.Seconds);
    }

    [Fact]
    public async Task WindowAsync_VideoWithoutRows_EmptyAnswerEndingToday()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var clock = new FakeTimeProvider(Start);

        var answer = await new HeatmapQueries(database.DataSource, clock).WindowAsync("nobody-watched", new HeatmapWindow(7));

        Assert.Equal((HeatmapAnswerSource.Rollups, new DateOnly(2026, 4, 4), new DateOnly(2026, 4, 10)), (answer.Source, answer.From, answer.To));
        Assert.Empty(answer.Seconds);
    }

    // Jan 20 … Apr 10 (newest day), a delta every third day, audiences overlapping, some days
    // past 1280 viewers; and a second video.
    private static List<HeatmapDelta> ManyDays()
    {
        var accumulator = new HeatmapAccumulator(HllSettings.Default, saltSecret: null, HeatmapTracking.Deltas);
        var day = NewestDay;
        for (var i = 0; day >= new DateOnly(2026, 1, 20); i++, day = day.AddDays(-3))
        {
            var audience = i % 4 == 0 ? 1500 : 40 + i;
            for (var u = 0; u < audience; u++)
                accumulator.Credit("v", day, $"user-{(u * 7 + i) % 2000}", 0, u % 3 == 0 ? 4 : 2.5);
            accumulator.Credit("other", day, "someone", 0, 4);
        }
        return [.. accumulator.DrainDeltas()];
    }

    private static async Task WriteAsync(SinkDatabase database, IEnumerable<HeatmapDelta> deltas)
    {
        var batch = new HeatmapBatch();
        foreach (var delta in deltas)
            batch.AddDelta(delta);
        await new HeatmapWriter(database.DataSource).WriteAsync(batch);
    }
}
