using System.Text;
using System.Text.Json;
using StreamAgg.Batch;
using StreamAgg.Core.Engagement;
using StreamAgg.Testing.Scenarios;
using Xunit;

namespace StreamAgg.Integration.Tests.Batch;

/// <summary>
/// The batch path of every worked scenario (SEMANTICS.md §8), through the same streams the
/// <c>aggregate</c> command opens: rows, heatmap CSV and dead letters as the expected files say.
/// </summary>
public sealed class BatchAggregatorTests
{
    public static IEnumerable<object[]> Scenarios() => ScenarioFolder.All();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Run_Scenario_WritesExpectedRowsHeatmapAndDeadLetters(string scenario)
    {
        using var events = File.OpenRead(ScenarioFolder.PathOf(scenario, "events.ndjson"));
        var videosPath = ScenarioFolder.PathOf(scenario, "videos.ndjson");
        using var videos = File.Exists(videosPath) ? File.OpenRead(videosPath) : null;
        using var rows = new MemoryStream();
        using var heatmap = new StringWriter();
        using var deadLetters = new MemoryStream();

        new BatchAggregator().Run(events, videos, rows, heatmap, deadLetters);

        var expectedRows = ScenarioFolder.Lines(scenario, "expected-engagement.ndjson").Select(l => EngagementRowJson.Read(l)).ToList();
        var actualRows = Lines(rows).Select(l => EngagementRowJson.Read(Encoding.UTF8.GetBytes(l))).ToList();
        Assert.Equal("", RowComparison.Report(expectedRows, actualRows));

        var expectedHeatmap = File.ReadAllLines(ScenarioFolder.PathOf(scenario, "expected-heatmap.csv")).Where(l => l.Length > 0).Order(StringComparer.Ordinal);
        var actualHeatmap = heatmap.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Order(StringComparer.Ordinal);
        Assert.Equal(expectedHeatmap, actualHeatmap);

        var actualDeadLetters = Lines(deadLetters).Select(l =>
        {
            using var json = JsonDocument.Parse(l);
            return (json.RootElement.GetProperty("reason").GetString()!, json.RootElement.GetProperty("raw").GetString()!);
        });
        Assert.Equal(ScenarioFolder.DeadLetters(scenario).Order(), actualDeadLetters.Order());
    }

    [Fact]
    public void Run_CrlfAndBlankLinesAndNoFinalNewline_ReadsEveryEvent()
    {
        var input = "{\"timestamp\": \"2026-11-20T10:00:00Z\", \"userId\": \"u\", \"videoId\": \"v\", \"eventName\": \"video_play\", \"currentTime\": 0}\r\n\r\n"
            + "{\"timestamp\": \"2026-11-20T10:01:00Z\", \"userId\": \"u\", \"videoId\": \"v\", \"eventName\": \"video_pause\", \"currentTime\": 60}";
        using var rows = new MemoryStream();

        var summary = new BatchAggregator().Run(new MemoryStream(Encoding.UTF8.GetBytes(input)), null, rows, null, null);

        Assert.Equal(2, summary.Applied);
        Assert.Empty(summary.DeadLetters);
        var row = EngagementRowJson.Read(Encoding.UTF8.GetBytes(Lines(rows).Single()));
        Assert.Equal(60, row.TotalWatchTime, 3);
    }

    private static IEnumerable<string> Lines(MemoryStream stream) =>
        Encoding.UTF8.GetString(stream.ToArray()).Split('\n').Where(l => l.Length > 0);
}
