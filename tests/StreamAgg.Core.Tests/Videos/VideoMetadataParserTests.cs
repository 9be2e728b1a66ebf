using System.Text;
using StreamAgg.Core.Tests.Events;
using StreamAgg.Core.Videos;
using Xunit;

// Not StreamAgg.Core.Tests.Videos: inside StreamAgg.Core.Tests.*, that namespace would shadow
// StreamAgg.Core.Videos for code that writes Videos.VideoMetadata (Engagement tests do).
namespace StreamAgg.Core.Tests.VideoMetadataParsing;

public sealed class VideoMetadataParserTests
{
    [Fact]
    public void TryParse_FullRecord_ReadsAll()
    {
        Assert.Equal(VideoMetadataError.None, Parse("""{"videoId": "video_001", "title": "Intro to Streams", "duration": 300}""", out VideoMetadata? metadata));
        Assert.Equal(new VideoMetadata("video_001", "Intro to Streams", 300.0), metadata);
    }

    [Theory]
    [InlineData("""{"videoId": "v"}""")]
    [InlineData("""{"videoId": "v", "title": null, "duration": null}""")]
    public void TryParse_OnlyVideoId_TitleAndDurationNull(string json)
    {
        Assert.Equal(VideoMetadataError.None, Parse(json, out VideoMetadata? metadata));
        Assert.Equal(new VideoMetadata("v", null, null), metadata);
    }

    [Fact]
    public void TryParse_EscapesExtraFieldsAndDuplicates_Handled()
    {
        const string json = """{"vide\u006fId": "v\u00fc", "extra": {"duration": -1}, "title": "first", "title": "Caf\u00e9 \"live\"", "duration": 45.5}""";

        Assert.Equal(VideoMetadataError.None, Parse(json, out VideoMetadata? metadata));
        Assert.Equal(new VideoMetadata("vü", "Café \"live\"", 45.5), metadata);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"video_001\"")]
    [InlineData("{\"videoId\": \"v\"")]
    [InlineData("{\"videoId\": \"v\"} {}")]
    public void TryParse_NotOneObject_InvalidJson(string json)
    {
        Assert.Equal(VideoMetadataError.InvalidJson, Parse(json, out VideoMetadata? metadata));
        Assert.Null(metadata);
    }

    [Theory]
    [InlineData("""{"title": "t", "duration": 3}""")]
    [InlineData("""{"videoId": "", "duration": 3}""")]
    [InlineData("""{"videoId": null}""")]
    [InlineData("""{"videoId": 1}""")]
    [InlineData("""{"videoId": ["v"]}""")]
    public void TryParse_NoUsableVideoId_MissingVideoId(string json)
    {
        Assert.Equal(VideoMetadataError.MissingVideoId, Parse(json, out _));
    }

    [Theory]
    [InlineData("""{"videoId": "v", "title": 5}""")]
    [InlineData("""{"videoId": "v", "title": {"en": "t"}, "duration": 0}""")]
    public void TryParse_TitleNotString_BadTitle(string json)
    {
        Assert.Equal(VideoMetadataError.BadTitle, Parse(json, out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-300")]
    [InlineData("\"300\"")]
    [InlineData("1e400")]
    [InlineData("true")]
    [InlineData("[300]")]
    [InlineData("10000000.000001")]
    [InlineData("2147483640")]
    public void TryParse_DurationNotInRange_BadDuration(string raw)
    {
        Assert.Equal(VideoMetadataError.BadDuration, Parse($$"""{"videoId": "v", "duration": {{raw}}}""", out _));
    }

    [Fact]
    public void TryParse_DuplicateDurationLastValid_Accepted()
    {
        Assert.Equal(VideoMetadataError.None, Parse("""{"videoId": "v", "duration": -1, "duration": 60}""", out VideoMetadata? metadata));
        Assert.Equal(60.0, metadata!.Duration);
    }

    [Fact]
    public void TryParse_AllScenarioVideoFiles_Parse()
    {
        int count = 0;
        foreach (string scenario in ScenarioLines.Names)
        {
            foreach (byte[] line in ScenarioLines.RawLines(scenario, "videos.ndjson"))
            {
                Assert.Equal(VideoMetadataError.None, VideoMetadataParser.TryParse(line, out VideoMetadata? metadata));
                Assert.NotNull(metadata!.Duration);
                count++;
            }
        }

        Assert.True(count > 0);
    }

    private static VideoMetadataError Parse(string json, out VideoMetadata? metadata) =>
        VideoMetadataParser.TryParse(Encoding.UTF8.GetBytes(json), out metadata);

    [Theory]
    [InlineData("5e-324")]
    [InlineData("10000000")]
    public void TryParse_DurationJustInsideRange_Kept(string raw)
    {
        Assert.Equal(VideoMetadataError.None, Parse($$"""{"videoId": "v", "duration": {{raw}}}""", out VideoMetadata? metadata));
        Assert.Equal(double.Parse(raw, System.Globalization.CultureInfo.InvariantCulture), metadata!.Duration);
    }

    [Theory]
    [InlineData(63, VideoMetadataError.None)]
    [InlineData(64, VideoMetadataError.InvalidJson)]
    public void TryParse_NestedExtraField_InvalidBeyond64Levels(int arrays, VideoMetadataError expected)
    {
        string nested = new string('[', arrays) + new string(']', arrays);

        Assert.Equal(expected, Parse($$"""{"videoId": "v", "extra": {{nested}}}""", out _));
    }
}
