using System.Text;
using System.Text.Json;
using StreamAgg.Batch;
using StreamAgg.Core.Engagement;
using StreamAgg.Testing.Scenarios;
using StreamAgg.Wire;
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

    [Fact]
    public void Run_RowsNeedingEscapesOrLongerThanTheBuffer_WrittenAsTheJsonWriterWritesThemInOrder()
    {
        // Plain rows go straight into the output buffer; these take the JSON writer.
        string longTitle = new('t', 70_000);
        string[] users = ["a-plain", "b-quo\\\"te", "c-caf\u00e9", "d-long", "e-plain"];
        var input = new StringBuilder();
        foreach (string user in users)
        {
            string title = user == "d-long" ? longTitle : "T";
            string id = JsonSerializer.Serialize(user);
            input.Append("{\"timestamp\": \"2026-11-20T10:00:00Z\", \"userId\": ").Append(id)
                .Append(", \"videoId\": \"v\", \"eventName\": \"video_play\", \"currentTime\": 0, \"videoTitle\": \"").Append(title).Append("\"}\n");
            input.Append("{\"timestamp\": \"2026-11-20T10:00:30Z\", \"userId\": ").Append(id)
                .Append(", \"videoId\": \"v\", \"eventName\": \"video_pause\", \"currentTime\": 30.25}\n");
        }

        using var rows = new MemoryStream();
        new BatchAggregator().Run(new MemoryStream(Encoding.UTF8.GetBytes(input.ToString())), null, rows, null, null);

        var lines = Lines(rows).ToList();
        Assert.Equal(users, lines.Select(l => EngagementRowJson.Read(Encoding.UTF8.GetBytes(l)).UserId));
        foreach (string line in lines)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, StreamAgg.Wire.DeadLetterJson.WriterOptions))
            {
                EngagementRowJson.Write(writer, EngagementRowJson.Read(Encoding.UTF8.GetBytes(line)), includeStreamingFields: false);
            }

            Assert.Equal(Encoding.UTF8.GetString(buffer.WrittenSpan), line);
        }

        Assert.Contains(longTitle, lines[3]);
    }

    private static IEnumerable<string> Lines(MemoryStream stream) =>
        Encoding.UTF8.GetString(stream.ToArray()).Split('\n').Where(l => l.Length > 0);
}
