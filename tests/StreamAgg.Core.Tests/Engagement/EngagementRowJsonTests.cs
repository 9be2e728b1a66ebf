using System.Text;
using System.Text.Json;
using StreamAgg.Core.Engagement;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Core.Tests.Engagement;

public sealed class EngagementRowJsonTests
{
    private static readonly EngagementRow Sample = new()
    {
        UserId = "anon-1|web",
        VideoId = "video_001",
        VideoTitle = "Intro \"to\" Streams",
        VideoDuration = 300,
        TotalWatchTime = 130,
        UniqueSecondsWatched = 120,
        MaxPositionReached = 120,
        WatchPercentage = 43.333333333333336,
        UniqueWatchPercentage = 40,
        CompletionPercentage = 40,
        SessionCount = 1,
        TotalPauses = 3,
        AvgPausesPerSession = 3,
        TotalBackwardSkips = 1,
        EngagementScore = 34,
        EngagementTier = "Low",
        EventsApplied = 6,
        DuplicateEventsDropped = 2,
        FirstEventAtMs = 1795168800000,
        LastEventAtMs = 1795168940123,
        QualityFlags = ["duplicates_dropped"],
        ActiveSession = true,
        Version = 17,
    };

    [Fact]
    public void Write_WithStreamingFields_RoundTripsThroughRead()
    {
        EngagementRow read = EngagementRowJson.Read(Encode(Sample, includeStreamingFields: true));

        Assert.Equal(Sample with { QualityFlags = [] }, read with { QualityFlags = [] });
        Assert.Equal(Sample.QualityFlags, read.QualityFlags);
    }

    [Fact]
    public void Write_WithoutStreamingFields_OmitsActiveSessionAndVersion()
    {
        string json = Encoding.UTF8.GetString(Encode(Sample, includeStreamingFields: false));

        Assert.DoesNotContain("activeSession", json);
        Assert.DoesNotContain("version", json);
        Assert.Equal(0, EngagementRowJson.Read(Encoding.UTF8.GetBytes(json)).Version);
    }

    [Fact]
    public void Write_FieldNamesAndFormats_MatchTheScenarios()
    {
        string json = Encoding.UTF8.GetString(Encode(Sample, includeStreamingFields: false));

        Assert.StartsWith("{\"userId\":\"anon-1|web\",\"videoId\":\"video_001\",\"videoTitle\":", json);
        Assert.Contains("\"firstEventAt\":\"2026-11-20T10:00:00.000Z\"", json);
        Assert.Contains("\"lastEventAt\":\"2026-11-20T10:02:20.123Z\"", json);
        Assert.Contains("\"qualityFlags\":[\"duplicates_dropped\"]", json);
        Assert.Contains("\"engagementTier\":\"Low\"", json);
        using JsonDocument doc = JsonDocument.Parse(json);
        string[] expectedNames =
        [
            "userId", "videoId", "videoTitle", "videoDuration", "totalWatchTime", "uniqueSecondsWatched",
            "maxPositionReached", "sessionCount", "completionCount", "replayCount", "totalPauses",
            "avgPausesPerSession", "totalForwardSkips", "totalBackwardSkips", "lateEventsDropped",
            "duplicateEventsDropped", "eventsApplied", "firstEventAt", "lastEventAt", "watchPercentage",
            "uniqueWatchPercentage", "completionPercentage", "engagementScore", "engagementTier", "qualityFlags",
        ];
        Assert.Equal(expectedNames, doc.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("0.0")]
    [InlineData("-0.0")]
    [InlineData("1.0")]
    [InlineData("90.0")]
    [InlineData("-5.0")]
    [InlineData("29.5")]
    [InlineData("43.333333333333336")]
    [InlineData("123456789012345.0")]
    [InlineData("999999999999999.0")]
    [InlineData("1e15")]
    [InlineData("1e16")]
    [InlineData("9007199254740993.0")]
    [InlineData("1e300")]
    [InlineData("5e-324")]
    public void Write_Number_SameTextAsTheGeneralDoubleFormat(string text)
    {
        double value = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        string json = Encoding.UTF8.GetString(Encode(Sample with { TotalWatchTime = value, WatchPercentage = value }, includeStreamingFields: false));

        string expected = FormatWithWriter(value);
        Assert.Contains($"\"totalWatchTime\":{expected},", json);
        Assert.Contains($"\"watchPercentage\":{expected},", json);
    }

    [Theory]
    [InlineData(-62135596800000)]
    [InlineData(0)]
    [InlineData(1795168940123)]
    [InlineData(951782400001)]
    [InlineData(253402300799999)]
    public void Write_Timestamp_SameTextAsTheCustomFormat(long unixMs)
    {
        string json = Encoding.UTF8.GetString(Encode(Sample with { FirstEventAtMs = unixMs }, includeStreamingFields: false));

        Assert.Contains($"\"firstEventAt\":\"{EngagementRowJson.FormatTimestamp(unixMs)}\"", json);
    }

    [Fact]
    public void Write_UnknownDuration_WritesNulls()
    {
        EngagementRow row = Sample with
        {
            VideoTitle = null,
            VideoDuration = null,
            WatchPercentage = null,
            UniqueWatchPercentage = null,
            CompletionPercentage = null,
            EngagementScore = null,
            EngagementTier = "Unknown",
            QualityFlags = ["missing_duration"],
        };
        string json = Encoding.UTF8.GetString(Encode(row, includeStreamingFields: false));

        foreach (string field in new[] { "videoTitle", "videoDuration", "watchPercentage", "uniqueWatchPercentage", "completionPercentage", "engagementScore" })
        {
            Assert.Contains($"\"{field}\":null", json);
        }

        EngagementRow read = EngagementRowJson.Read(Encoding.UTF8.GetBytes(json));
        Assert.Null(read.VideoDuration);
        Assert.Null(read.EngagementScore);
    }

    [Fact]
    public void Read_EscapedAndOverlongFieldNames_ReadsTheEscapedOneAndSkipsTheUnknown()
    {
        var unknown = new string('x', 200);
        var json = $"{{\"{unknown}\":{{\"userId\":\"wrong\"}},\"user\\u0049d\":\"u\",\"videoId\":\"v\",\"engagementTier\":\"Low\",\"events\\u0041pplied\":4}}";

        EngagementRow read = EngagementRowJson.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal("u", read.UserId);
        Assert.Equal("v", read.VideoId);
        Assert.Equal(4, read.EventsApplied);
    }

    [Fact]
    public void Read_NotAnObject_Throws()
    {
        Assert.ThrowsAny<JsonException>(() => EngagementRowJson.Read("[1]"u8));
    }

    [Fact]
    public void Read_MissingUserId_Throws()
    {
        Assert.ThrowsAny<JsonException>(() => EngagementRowJson.Read("{\"videoId\":\"v\",\"engagementTier\":\"Low\"}"u8));
    }

    private static byte[] Encode(EngagementRow row, bool includeStreamingFields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            EngagementRowJson.Write(writer, row, includeStreamingFields);
        }

        return stream.ToArray();
    }

    private static string FormatWithWriter(double value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteNumberValue(value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
