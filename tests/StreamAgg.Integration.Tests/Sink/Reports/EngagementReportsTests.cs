using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Reports;
using StreamAgg.Sink.Writing;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.TestRows;

namespace StreamAgg.Integration.Tests.Sink.Reports;

[Collection(PostgresCollection.Name)]
public sealed class EngagementReportsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private SinkDatabase? _database;

    // v1 (300 s): a completes twice, b stops at 95 s, c at 150 s.
    // v2 (60 s): a and f complete, d stops at 29.9 s.
    // v3 (no duration): e.
    // v4 (120 s): g stops at 100 s, h at 95 s, i goes past the end without completing.
    private static readonly Core.Engagement.EngagementRow[] Rows =
    [
        Row("a", "v1", duration: 300, maxPosition: 300, watched: 600, completions: 2, tier: "High", score: 100, title: "Intro"),
        Row("b", "v1", duration: 300, maxPosition: 95, watched: 95, completions: 0, tier: "Low", score: 30, title: "Intro"),
        Row("c", "v1", duration: 300, maxPosition: 150, watched: 150, completions: 0, tier: "Medium", score: 50, title: "Intro"),
        Row("a", "v2", duration: 60, maxPosition: 60, watched: 60, completions: 1, tier: "High", score: 90, title: "Short"),
        Row("d", "v2", duration: 60, maxPosition: 29.9, watched: 29.9, completions: 0, tier: "Minimal", score: 10, title: "Short"),
        Row("f", "v2", duration: 60, maxPosition: 60, watched: 60, completions: 1, tier: "High", score: 80, title: "Short"),
        Row("e", "v3", duration: null, maxPosition: 40, watched: 40, completions: 0, title: null),
        Row("g", "v4", duration: 120, maxPosition: 100, watched: 100, completions: 0, tier: "Medium", score: 60),
        Row("h", "v4", duration: 120, maxPosition: 95, watched: 95, completions: 0, tier: "Medium", score: 55),
        Row("i", "v4", duration: 120, maxPosition: 130, watched: 130, completions: 0, tier: "Medium", score: 70),
    ];

    [Fact]
    public async Task TopVideosAsync_HandMadeRows_CountsViewersAveragesAndCompletions()
    {
        var reports = await ReportsOverAsync(Rows);

        var top = await reports.TopVideosAsync();

        Assert.Equal(["v1", "v2", "v4", "v3"], top.Select(t => t.VideoId));
        var v1 = top[0];
        Assert.Equal(("Intro", 3L, 2L, 1L, 845.0), (v1.VideoTitle, v1.UniqueViewers, v1.Completions, v1.ViewersCompleted, v1.TotalWatchTime));
        Assert.Equal((200 + 31.7 + 50) / 3, v1.AvgWatchPercentage!.Value, 9);
        Assert.Equal((100 + 31.7 + 50) / 3, v1.AvgCompletionPercentage!.Value, 9);
        var v2 = top[1];
        Assert.Equal(("Short", 3L, 2L, 2L), (v2.VideoTitle, v2.UniqueViewers, v2.Completions, v2.ViewersCompleted));
        Assert.Equal((100 + 49.8 + 100) / 3, v2.AvgWatchPercentage!.Value, 9);
        var v3 = top[3];
        Assert.Equal(new TopVideoReportRow("v3", null, 1, null, null, 0, 0, 40), v3);
    }

    [Fact]
    public async Task TopVideosAsync_Limit_ReturnsOnlyTheMostWatched()
    {
        var reports = await ReportsOverAsync(Rows);

        Assert.Equal(["v1", "v2"], (await reports.TopVideosAsync(limit: 2)).Select(t => t.VideoId));
    }

    [Fact]
    public async Task PowerUsersAsync_HandMadeRows_ListsViewersWithHighTierEngagements()
    {
        var reports = await ReportsOverAsync(Rows);

        var users = await reports.PowerUsersAsync();

        Assert.Equal(
            [new PowerUserReportRow("a", 2, 2, 95, 660, 3), new PowerUserReportRow("f", 1, 1, 80, 60, 1)],
            users);
    }

    [Fact]
    public async Task DropoffAsync_HandMadeRows_BucketsTheFurthestPositionOfViewersWhoNeverCompleted()
    {
        var reports = await ReportsOverAsync(Rows);

        var dropoff = await reports.DropoffAsync();

        Assert.Equal(
            [
                new DropoffReportRow("v1", 90, 1),
                new DropoffReportRow("v1", 150, 1),
                new DropoffReportRow("v2", 0, 1),
                new DropoffReportRow("v4", 90, 2),
                new DropoffReportRow("v4", 120, 1),
            ],
            dropoff);
        Assert.Equal([new DropoffReportRow("v4", 90, 2), new DropoffReportRow("v4", 120, 1)], await reports.DropoffAsync("v4"));
    }

    private async Task<EngagementReports> ReportsOverAsync(IEnumerable<Core.Engagement.EngagementRow> rows)
    {
        var database = _database = await SinkDatabase.CreateAsync(postgres);
        var batch = new EngagementBatch();
        foreach (var row in rows)
            batch.AddRow(row);
        await new EngagementRowWriter(database.DataSource).WriteAsync(batch);
        return new EngagementReports(database.DataSource);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
