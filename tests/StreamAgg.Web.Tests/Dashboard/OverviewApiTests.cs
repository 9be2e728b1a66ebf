using System.Text.Json;
using static StreamAgg.Web.Tests.Dashboard.DashboardServer;

namespace StreamAgg.Web.Tests.Dashboard;

/// <summary><c>GET /api/overview</c> over known rows in a real PostgreSQL and records in the embedded Kafka.</summary>
[Collection(DashboardCollection.Name)]
public sealed class OverviewApiTests(DashboardServer server)
{
    [Fact]
    public async Task Overview_OneDay_TopVideosByViewersActiveThatDay()
    {
        using var client = server.Reader();

        var overview = await DashboardJson.GetAsync(client, $"/api/overview?from={Iso(Day)}&to={Iso(Day)}");

        var top = overview.GetProperty("topVideos").EnumerateArray().ToList();
        Assert.Equal(["v1", "v2"], top.Select(v => v.GetProperty("videoId").GetString()));
        Assert.Equal([10L, 3], top.Select(v => v.GetProperty("uniqueViewers").GetInt64()));
        Assert.Equal(55, top[0].GetProperty("avgWatchPercentage").GetDouble());
        Assert.Equal(55, top[0].GetProperty("avgCompletionPercentage").GetDouble());
        Assert.Equal(2, top[0].GetProperty("watchingNow").GetInt64());
        Assert.Equal("Intro to Streams", top[0].GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, top[1].GetProperty("avgWatchPercentage").ValueKind);
        Assert.Equal(2, overview.GetProperty("watchingNow").GetInt64());
        Assert.Equal((Iso(Day), Iso(Day)), (overview.GetProperty("from").GetString(), overview.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Overview_Limit_CutsTheList()
    {
        using var client = server.Reader();

        var overview = await DashboardJson.GetAsync(client, $"/api/overview?from={Iso(Day.AddDays(-1))}&to={Iso(Day)}&limit=2");

        Assert.Equal(["v1", "v2"], overview.GetProperty("topVideos").EnumerateArray().Select(v => v.GetProperty("videoId").GetString()));
    }

    [Fact]
    public async Task Overview_DeadLetters_ByStageAndReasonFromKafkaAndTheSinkTable()
    {
        using var client = server.Reader();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // The processor's dead letters are read from Kafka in the background: wait until they are in.
        var letters = await Eventually.ValueAsync(
            async () => (await DashboardJson.GetAsync(client, $"/api/overview?from={Iso(Day)}&to={Iso(today.AddDays(1))}")).GetProperty("deadLetters"),
            d => d.EnumerateArray().Any(e => e.GetProperty("stage").GetString() == "processor"));

        var counts = letters.EnumerateArray().Select(e => (e.GetProperty("stage").GetString(), e.GetProperty("reason").GetString(), e.GetProperty("count").GetInt64()));
        Assert.Equal([("processor", "invalid_json", 2L), ("processor", "late", 1), ("sink", "sink_unreadable", 2), ("sink", "sink_invalid", 1)], counts);
    }

    [Fact]
    public async Task Overview_DeadLettersOfOtherDays_AreNotCounted()
    {
        using var client = server.Reader();

        var overview = await DashboardJson.GetAsync(client, "/api/overview?from=2026-01-01&to=2026-01-02");

        Assert.Empty(overview.GetProperty("deadLetters").EnumerateArray());
        Assert.Empty(overview.GetProperty("topVideos").EnumerateArray());
    }

    [Fact]
    public async Task Overview_Ingest_SumsThePlayerEventsHighWatermarksAndMeasuresARate()
    {
        using var client = server.Reader();

        var ingest = await Eventually.ValueAsync(
            async () => (await DashboardJson.GetAsync(client, "/api/overview")).GetProperty("ingest"),
            i => i.GetProperty("eventsPerSecond").ValueKind == JsonValueKind.Number);

        Assert.Equal(PlayerEventsProduced, ingest.GetProperty("totalOffsets").GetInt64());
        Assert.True(ingest.GetProperty("measuredOverSeconds").GetDouble() > 0);
        // Nothing was produced while it measured.
        Assert.Equal(0, ingest.GetProperty("eventsPerSecond").GetDouble());
        Assert.Equal(JsonValueKind.Null, ingest.GetProperty("unavailable").ValueKind);
    }
}
