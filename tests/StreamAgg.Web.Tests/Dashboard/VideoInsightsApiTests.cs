using System.Text.Json;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Sink.Heatmap;
using static StreamAgg.Web.Tests.Dashboard.DashboardServer;

namespace StreamAgg.Web.Tests.Dashboard;

/// <summary>
/// The insights of <c>GET /api/video</c> (key moments, typical retention) over heatmaps built so
/// that the moments are known, written by the heatmap sink's writer into the real PostgreSQL. Each
/// test has its own videos on days no other test reads, and the comparison test its own length bucket.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class VideoInsightsApiTests(DashboardServer server)
{
    [Fact]
    public async Task Video_KnownMoments_AreListedWithSecondSpanAndSize()
    {
        // A 300 s video, 200 viewers from 0: 50 leave at 12 s (the intro drop), 30 at 150 s (a dip),
        // 120 watch to the end, 40 of them watch [90, 100) twice (a rewatch); 20 more jump in at 200 s.
        var day = Day.AddDays(-20);
        var heatmap = Accumulator();
        for (var i = 0; i < 200; i++)
            heatmap.Credit("moments", day, $"m{i}", 0, i < 50 ? 12 : i < 80 ? 150 : 300);
        for (var i = 80; i < 120; i++)
            heatmap.Credit("moments", day, $"m{i}", 90, 100);
        for (var i = 0; i < 20; i++)
            heatmap.Credit("moments", day, $"j{i}", 200, 300);
        await WriteAsync(heatmap);
        using var client = server.Reader();

        var insights = (await DashboardJson.GetAsync(client, $"/api/video?id=moments&from={Iso(day)}&to={Iso(day)}")).GetProperty("insights");

        var keyMoments = insights.GetProperty("keyMoments");
        Assert.Equal((200L, 50L, 30, JsonValueKind.Null),
            (keyMoments.GetProperty("startViewers").GetInt64(), keyMoments.GetProperty("minStartViewers").GetInt64(),
             keyMoments.GetProperty("introSeconds").GetInt32(), keyMoments.GetProperty("reason").ValueKind));
        Assert.Equal(
            [("introDrop", 12, 0, 30, 50L, 25.0, 150L), ("rewatch", 90, 90, 99, 40, 20, 150), ("dip", 150, 150, 150, 30, 15, 120), ("jumpIn", 200, 200, 200, 20, 10, 140)],
            keyMoments.GetProperty("moments").EnumerateArray().Select(m => (
                m.GetProperty("kind").GetString(), m.GetProperty("second").GetInt32(), m.GetProperty("fromSecond").GetInt32(), m.GetProperty("toSecond").GetInt32(),
                m.GetProperty("size").GetInt64(), m.GetProperty("percentOfStart").GetDouble(), m.GetProperty("viewers").GetInt64())));
        // No other 5–10 minute video has 50 viewers: no typical curve, and the answer says why.
        var typical = insights.GetProperty("typicalRetention");
        Assert.Equal(("notEnoughVideos", 300, "5–10 min", 0, 5, JsonValueKind.Null, JsonValueKind.Null),
            (typical.GetProperty("verdict").GetString(), typical.GetProperty("lengthSeconds").GetInt32(), typical.GetProperty("bucket").GetString(),
             typical.GetProperty("similarVideos").GetInt32(), typical.GetProperty("minVideos").GetInt32(),
             typical.GetProperty("curve").ValueKind, typical.GetProperty("averageDifferencePoints").ValueKind));
    }

    [Fact]
    public async Task Video_FewViewers_NoMomentsAndNoComparisonWithTheReason()
    {
        var day = Day.AddDays(-21);
        var heatmap = Accumulator();
        for (var i = 0; i < 30; i++)
            heatmap.Credit("few", day, $"f{i}", 0, i < 15 ? 12 : 300);
        await WriteAsync(heatmap);
        using var client = server.Reader();

        var insights = (await DashboardJson.GetAsync(client, $"/api/video?id=few&from={Iso(day)}&to={Iso(day)}")).GetProperty("insights");

        var keyMoments = insights.GetProperty("keyMoments");
        Assert.Equal((30L, "notEnoughViewers"), (keyMoments.GetProperty("startViewers").GetInt64(), keyMoments.GetProperty("reason").GetString()));
        Assert.Empty(keyMoments.GetProperty("moments").EnumerateArray());
        var typical = insights.GetProperty("typicalRetention");
        Assert.Equal(("notEnoughViewers", 50L), (typical.GetProperty("verdict").GetString(), typical.GetProperty("minStartViewers").GetInt64()));
        Assert.Equal(JsonValueKind.Null, typical.GetProperty("curve").ValueKind);
    }

    [Fact]
    public async Task Video_SimilarVideosWithWindows_TypicalCurveIsTheirMedianAndBand()
    {
        // Six 2-minute peers (the 1–3 min bucket, used by no other test) of 100 viewers: 50 + 5k watch
        // to the end, the others leave at 60 s, so past half the length they keep 50 %, 55 %, … 75 %:
        // median 62.5 %, 25th percentile 56.25 %, 75th 68.75 %. The video compared keeps 90 %.
        var day = Day.AddDays(-40);
        var heatmap = Accumulator();
        for (var k = 0; k < 6; k++)
        {
            for (var i = 0; i < 100; i++)
                heatmap.Credit($"peer{k}", day, $"p{k}-{i}", 0, i < 50 + 5 * k ? 120 : 60);
        }
        for (var i = 0; i < 100; i++)
            heatmap.Credit("compared", day, $"c{i}", 0, i < 90 ? 120 : 60);
        await WriteAsync(heatmap);
        await new HeatmapWindowRefresher(server.DataSource).RefreshAsync();
        using var client = server.Reader();

        var typical = (await DashboardJson.GetAsync(client, $"/api/video?id=compared&from={Iso(day)}&to={Iso(day)}"))
            .GetProperty("insights").GetProperty("typicalRetention");

        Assert.Equal(("aboveTypical", 120, "1–3 min", 6), (typical.GetProperty("verdict").GetString(), typical.GetProperty("lengthSeconds").GetInt32(),
            typical.GetProperty("bucket").GetString(), typical.GetProperty("similarVideos").GetInt32()));
        // 51 of the 100 positions after 0 are past half the length: 51 × (90 − 62.5) / 100 points on average.
        Assert.Equal(14.03, typical.GetProperty("averageDifferencePoints").GetDouble(), 0.01);
        var curve = typical.GetProperty("curve");
        Assert.Equal(Enumerable.Range(0, 101), curve.GetProperty("positions").Ints());
        Assert.Equal(Enumerable.Range(0, 101).Select(p => Math.Min(119, p * 120 / 100)), curve.GetProperty("seconds").Ints());
        double[] Past(double before, double after) => [.. Enumerable.Range(0, 101).Select(p => p < 50 ? before : after)];
        Assert.Equal(Past(100, 90), curve.GetProperty("percentOfStart").Doubles());
        Assert.Equal(Past(100, 62.5), curve.GetProperty("typicalMedian").Doubles());
        Assert.Equal(Past(100, 56.25), curve.GetProperty("typicalLower").Doubles());
        Assert.Equal(Past(100, 68.75), curve.GetProperty("typicalUpper").Doubles());
    }

    private static HeatmapAccumulator Accumulator() => new(HllSettings.Default, saltSecret: null, HeatmapTracking.Deltas);

    private async Task WriteAsync(HeatmapAccumulator heatmap)
    {
        var batch = new HeatmapBatch();
        foreach (var delta in heatmap.DrainDeltas())
            batch.AddDelta(delta);
        await new HeatmapWriter(server.DataSource).WriteAsync(batch);
    }
}
