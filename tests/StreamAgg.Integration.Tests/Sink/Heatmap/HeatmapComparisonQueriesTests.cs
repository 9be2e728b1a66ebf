using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Heatmap;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>The typical curve read from the standard windows the sink keeps, on a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HeatmapComparisonQueriesTests(PostgresFixture postgres)
{
    private static readonly DateOnly Day = new(2026, 11, 20);
    private static readonly HeatmapWindow Last90Days = HeatmapWindow.Parse("last-90-days");

    [Fact]
    public async Task InsightsAsync_SimilarVideos_ComparesWithTheMedianOfTheirCurves()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        // Six 5-minute videos of 100 viewers who leave steadily, faster or slower; one 20-minute
        // video (another length bucket) and one with 20 viewers (too few): both left out.
        var similar = Enumerable.Range(0, 6).Select(k => Watchers($"peer{k}", 100, 300, i => (int)(i * (2.0 + 0.4 * k)))).ToList();
        var accumulator = new HeatmapAccumulator(HllSettings.Default, saltSecret: null, HeatmapTracking.Deltas);
        foreach (var (video, intervals) in similar)
            Credit(accumulator, video, intervals);
        Credit(accumulator, "long", Watchers("long", 100, 1200, i => i * 12).Intervals);
        Credit(accumulator, "few", Watchers("few", 20, 300, _ => 300).Intervals);
        // The video compared: nine in ten viewers stay to the end.
        Credit(accumulator, "good", Watchers("good", 100, 300, i => i < 10 ? i * 30 : 300).Intervals);
        await WriteAndRefreshAsync(database, accumulator);
        var queries = new HeatmapQueries(database.DataSource);
        var comparisons = new HeatmapComparisonQueries(database.DataSource);

        var insights = await comparisons.InsightsAsync(await queries.WindowAsync("good", Last90Days));

        var retention = insights.Retention;
        Assert.Equal((300, "5–10 min", 6), (retention.LengthSeconds, retention.Bucket.Label, retention.SimilarVideos));
        Assert.Equal(HeatmapRelativeVerdict.AboveTypical, retention.Verdict);
        // The same typical curve as the peers' exact heatmaps give, computed here without PostgreSQL.
        var expected = HeatmapTypicalRetention.Typical(retention.Bucket, [.. similar.Select(p => HeatmapTypicalRetention.Normalize(Exact(p.Intervals), 300, 50)!)]);
        Assert.Equal(expected.Points, retention.Points.Select(p => p.Typical));
        Assert.Equal(101, retention.Points.Count);
        Assert.Equal(0.95, retention.Points[50].Share, 3); // 90 stay, and 5 of the first 10 are still there at 150 s
        Assert.True(retention.AverageDifference > 0.3, $"average difference {retention.AverageDifference}");
        Assert.Equal(100, insights.Moments.StartViewers);
    }

    [Fact]
    public async Task InsightsAsync_FewerSimilarVideosThanTheMinimum_SaysSoWithoutACurve()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var accumulator = new HeatmapAccumulator(HllSettings.Default, saltSecret: null, HeatmapTracking.Deltas);
        for (var k = 0; k < 4; k++)
            Credit(accumulator, $"peer{k}", Watchers($"peer{k}", 60, 300, i => i * 5).Intervals);
        Credit(accumulator, "v", Watchers("v", 60, 300, i => i * 5).Intervals);
        await WriteAndRefreshAsync(database, accumulator);
        var comparisons = new HeatmapComparisonQueries(database.DataSource);

        var insights = await comparisons.InsightsAsync(await new HeatmapQueries(database.DataSource).WindowAsync("v", Last90Days));

        Assert.Equal((HeatmapRelativeVerdict.NotEnoughVideos, 4, 5), (insights.Retention.Verdict, insights.Retention.SimilarVideos, insights.Retention.MinVideos));
        Assert.Empty(insights.Retention.Points);
        Assert.Null(await comparisons.TypicalAsync(HeatmapLengthBucket.For(300), "v"));
        Assert.Equal(4, (await comparisons.TypicalAsync(HeatmapLengthBucket.For(300), "v", new HeatmapComparisonOptions { MinVideos = 4 }))!.Videos);
    }

    /// <summary>A video's viewers: viewer i watches [0, leave(i)), capped at the length; viewer 0 always to the end.</summary>
    private static (string Video, List<(string User, int To)> Intervals) Watchers(string video, int viewers, int length, Func<int, int> leave) =>
        (video, [.. Enumerable.Range(0, viewers).Select(i => ($"{video}-u{i}", i == 0 ? length : Math.Clamp(leave(i), 1, length)))]);

    private static void Credit(HeatmapAccumulator accumulator, string video, List<(string User, int To)> intervals)
    {
        foreach (var (user, to) in intervals)
            accumulator.Credit(video, Day, user, 0, to);
    }

    /// <summary>The exact heatmap of the intervals: viewers (and plays) per second.</summary>
    private static List<HeatmapSecond> Exact(List<(string User, int To)> intervals)
    {
        var length = intervals.Max(i => i.To);
        return [.. Enumerable.Range(0, length).Select(s => intervals.Count(i => i.To > s)).Select((n, s) => new HeatmapSecond(s, n, n))];
    }

    private static async Task WriteAndRefreshAsync(SinkDatabase database, HeatmapAccumulator accumulator)
    {
        var batch = new HeatmapBatch();
        foreach (var delta in accumulator.DrainDeltas())
            batch.AddDelta(delta);
        await new HeatmapWriter(database.DataSource).WriteAsync(batch);
        await new HeatmapWindowRefresher(database.DataSource).RefreshAsync();
    }
}
