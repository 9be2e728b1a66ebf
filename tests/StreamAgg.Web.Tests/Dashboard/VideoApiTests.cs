using System.Net;
using System.Text.Json;
using static StreamAgg.Web.Tests.Dashboard.DashboardServer;

namespace StreamAgg.Web.Tests.Dashboard;

/// <summary><c>GET /api/video</c> over known engagement rows and heatmap credits in a real PostgreSQL.</summary>
[Collection(DashboardCollection.Name)]
public sealed class VideoApiTests(DashboardServer server)
{
    private static readonly string OneDay = $"from={Iso(Day)}&to={Iso(Day)}";

    [Fact]
    public async Task Video_OneDay_HeatmapIsWhatTheCoreAccumulated()
    {
        using var client = server.Reader();

        var page = await DashboardJson.GetAsync(client, $"/api/video?id=v1&{OneDay}");

        var expected = server.Heatmap.Rows().Where(r => r.VideoId == "v1" && r.Day == Day).OrderBy(r => r.Second).ToList();
        var heatmap = page.GetProperty("heatmap");
        Assert.Equal(expected.Select(r => r.Second), heatmap.GetProperty("seconds").Ints());
        Assert.Equal(expected.Select(r => r.Viewers), heatmap.GetProperty("viewers").Longs());
        Assert.Equal(expected.Select(r => r.Plays), heatmap.GetProperty("plays").Longs());
        // Viewer i watched [0, 30(i+1)), viewers 0-4 the first ten seconds twice.
        Assert.Equal(300, expected.Count);
        Assert.Equal((10L, 15L), (expected[0].Viewers, expected[0].Plays));
        Assert.Equal((1L, 1L), (expected[299].Viewers, expected[299].Plays));
        Assert.Equal("rollups", page.GetProperty("range").GetProperty("source").GetString());
        Assert.Equal(Iso(Day), page.GetProperty("range").GetProperty("from").GetString());
        Assert.Equal("Intro to Streams", page.GetProperty("title").GetString());
        Assert.Equal(300, page.GetProperty("durationSeconds").GetDouble());
    }

    [Fact]
    public async Task Video_OneDay_RetentionAndDropoffsFollowTheViewersLeavingEvery30Seconds()
    {
        using var client = server.Reader();

        var page = await DashboardJson.GetAsync(client, $"/api/video?id=v1&{OneDay}&dropoffs=3");

        var retention = page.GetProperty("retention");
        Assert.Equal(Enumerable.Range(0, 300), retention.GetProperty("seconds").Ints());
        Assert.Equal(Enumerable.Range(0, 300).Select(s => 100.0 - 10 * (s / 30)), retention.GetProperty("percentOfStart").Doubles());
        var dropoffs = page.GetProperty("dropoffs").EnumerateArray().ToList();
        Assert.Equal([29, 59, 89], dropoffs.Select(d => d.GetProperty("fromSecond").GetInt32()));
        Assert.All(dropoffs, d =>
        {
            Assert.Equal(1, d.GetProperty("viewersLost").GetInt64());
            Assert.Equal(10, d.GetProperty("percentOfStart").GetDouble());
        });
        Assert.Equal((10L, 9L), (dropoffs[0].GetProperty("viewersBefore").GetInt64(), dropoffs[0].GetProperty("viewersAfter").GetInt64()));
    }

    [Fact]
    public async Task Video_OneDay_AudienceCountsTiersAndFunnelOfTheRows()
    {
        using var client = server.Reader();

        var audience = (await DashboardJson.GetAsync(client, $"/api/video?id=v1&{OneDay}")).GetProperty("audience");

        Assert.Equal(10, audience.GetProperty("viewers").GetInt64());
        Assert.Equal(2, audience.GetProperty("watchingNow").GetInt64());
        Assert.Equal(55, audience.GetProperty("avgWatchPercentage").GetDouble());
        var tiers = audience.GetProperty("tiers");
        Assert.Equal([2L, 2, 2, 4, 0], new[] { "high", "medium", "low", "minimal", "unknown" }.Select(t => tiers.GetProperty(t).GetInt64()));
        var funnel = audience.GetProperty("funnel");
        Assert.Equal([10L, 8, 6, 3, 1], new[] { "started", "reached25Percent", "reached50Percent", "reached75Percent", "completed" }.Select(f => funnel.GetProperty(f).GetInt64()));
    }

    [Fact]
    public async Task Video_RangeWithoutActivity_IsEmptyNotMissing()
    {
        using var client = server.Reader();

        var page = await DashboardJson.GetAsync(client, "/api/video?id=v1&from=2026-01-01&to=2026-01-31");

        Assert.Empty(page.GetProperty("heatmap").GetProperty("seconds").EnumerateArray());
        Assert.Empty(page.GetProperty("dropoffs").EnumerateArray());
        Assert.Equal(0, page.GetProperty("audience").GetProperty("viewers").GetInt64());
        Assert.Equal("Intro to Streams", page.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Video_StandardWindowAfterARefresh_AnswersFromTheWindowWithTheSameNumbers()
    {
        await new StreamAgg.Sink.Heatmap.HeatmapWindowRefresher(server.DataSource).RefreshAsync();
        using var client = server.Reader();

        var window = await DashboardJson.GetAsync(client, "/api/video?id=v1&window=last-7-days");
        var sketches = await DashboardJson.GetAsync(client, $"/api/video?id=v1&from={Iso(Day.AddDays(-6))}&to={Iso(Day.AddDays(-1))}");
        // Only the newest day has credits, so the 7 days hold what that one day holds.
        var exact = await DashboardJson.GetAsync(client, $"/api/video?id=v1&{OneDay}");

        var range = window.GetProperty("range");
        Assert.Equal(("window", "last-7-days", Iso(Day)), (range.GetProperty("source").GetString(), range.GetProperty("window").GetString(), range.GetProperty("to").GetString()));
        Assert.Empty(sketches.GetProperty("heatmap").GetProperty("seconds").EnumerateArray());
        Assert.Equal(exact.GetProperty("heatmap").GetProperty("viewers").Longs(), window.GetProperty("heatmap").GetProperty("viewers").Longs());
        Assert.Equal(exact.GetProperty("heatmap").GetProperty("plays").Longs(), window.GetProperty("heatmap").GetProperty("plays").Longs());
    }

    [Fact]
    public async Task Video_Unknown_404()
    {
        using var client = server.Reader();

        var answer = await DashboardJson.GetAsync(client, "/api/video?id=nobody-watched", HttpStatusCode.NotFound);

        Assert.Contains("nobody-watched", answer.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/api/video", "id")]
    [InlineData("/api/video?id=v1&from=2026-11-21&to=2026-11-20", "before")]
    [InlineData("/api/video?id=v1&from=2026-11-20", "both from and to")]
    [InlineData("/api/video?id=v1&from=20.11.2026&to=2026-11-21", "YYYY-MM-DD")]
    [InlineData("/api/video?id=v1&from=1999-12-31&to=2026-11-21", "2000-01-01")]
    [InlineData("/api/video?id=v1&window=last-7-days&from=2026-11-20&to=2026-11-21", "not both")]
    [InlineData("/api/video?id=v1&window=yesterday", "last-N-days")]
    [InlineData("/api/video?id=v1&dropoffs=-1", "dropoffs")]
    [InlineData("/api/video?id=v1&dropoffSpanSeconds=0", "dropoffSpanSeconds")]
    [InlineData("/api/video?id=v1&id=v2", "id")]
    [InlineData("/api/overview?limit=1000", "limit")]
    [InlineData("/api/overview?from=2000-01-01&to=2099-12-31", "3660")]
    public async Task Api_BadParameter_400WithAMessageNamingIt(string path, string message)
    {
        using var client = server.Reader();

        var answer = await DashboardJson.GetAsync(client, path, HttpStatusCode.BadRequest);

        Assert.Contains(message, answer.GetProperty("error").GetString());
    }
}
