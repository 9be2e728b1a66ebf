using System.Text.Json;
using StreamAgg.Core.Engagement;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Wire;
using static StreamAgg.Processor.Tests.Engagement.EventJson;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>
/// Rows leave a flush as the JSON writer would write them, whether they take the plain path
/// (nothing to escape) or the writer itself (a user id with a quote and a non-ASCII letter).
/// </summary>
public sealed class EngagementTaskRowJsonTests
{
    [Fact]
    public void Flush_PlainAndEscapedRows_SameBytesAsTheJsonWriterAndReadBack()
    {
        const string escaped = "zoë \"z\"";
        using var driver = ProcessorTestDriver.ForEngagement();
        driver.PipeInput(Key("ann"), Event("ann", "v1", "video_play", T0, 0));
        driver.PipeInput(Key("ann"), Event("ann", "v1", "video_heartbeat", T0.AddSeconds(10), 10));
        driver.PipeInput(Key(escaped), Event("zoë \\\"z\\\"", "v1", "video_play", T0, 0));

        var rows = driver.Commit().Where(r => r.Topic == TopicNames.Engagement).ToList();

        Assert.Equal(2, rows.Count);
        var plain = rows.Single(r => EngagementRowJson.Read(r.Value).UserId == "ann");
        Assert.Equal(WithTheWriter(EngagementRowJson.Read(plain.Value)), plain.Value);
        var other = EngagementRowJson.Read(rows.Single(r => r != plain).Value);
        Assert.Equal(escaped, other.UserId);
        Assert.Equal(1, other.EventsApplied);
    }

    private static byte[] WithTheWriter(EngagementRow row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
            EngagementRowJson.Write(json, row, includeStreamingFields: true);
        return buffer.ToArray();
    }
}
