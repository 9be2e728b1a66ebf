using System.Text;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

/// <summary>JSON syntax edges: what is not one object, whitespace, escapes, duplicates, nesting.</summary>
public sealed class PlayerEventParserJsonTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\r\n\t")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("42")]
    [InlineData("\"video_play\"")]
    [InlineData("[]")]
    [InlineData("[1,2]")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("{\"userId\":\"u\",\"videoId\":\"v\",\"eventName\":\"video_play\"")]
    [InlineData("{\"userId\":\"u\",}")]
    [InlineData("{'userId':'u'}")]
    [InlineData("{userId:\"u\"}")]
    [InlineData("{\"userId\":\"u\" /* c */}")]
    [InlineData("{\"currentTime\": NaN}")]
    [InlineData("{\"currentTime\": Infinity}")]
    [InlineData("{\"currentTime\": -Infinity}")]
    [InlineData("{\"currentTime\": 01}")]
    [InlineData("{\"userId\":\"a\tb\"}")]
    [InlineData("{} {}")]
    [InlineData("{} x")]
    public void TryParse_NotOneJsonObject_InvalidJson(string input)
    {
        Assert.Equal(DeadLetterReason.InvalidJson, EventJson.Parse(input));
    }

    [Fact]
    public void TryParse_ValidEventInsideArray_InvalidJson()
    {
        Assert.Equal(DeadLetterReason.InvalidJson, EventJson.Parse("[" + EventJson.Valid + "]"));
    }

    [Fact]
    public void TryParse_ValidEventFollowedByGarbage_InvalidJson()
    {
        Assert.Equal(DeadLetterReason.InvalidJson, EventJson.Parse(EventJson.Valid + ","));
    }

    [Fact]
    public void TryParse_SurroundingWhitespace_Accepted()
    {
        Assert.Equal(DeadLetterReason.None, EventJson.Parse(" \t\r\n" + EventJson.Valid + " \r\n"));
    }

    [Fact]
    public void TryParse_LeadingByteOrderMark_Ignored()
    {
        byte[] input = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(EventJson.Valid)];

        Assert.Equal(DeadLetterReason.None, new PlayerEventParser().TryParse(input, out _));
    }

    [Fact]
    public void TryParse_InvalidUtf8InIgnoredField_InvalidJson()
    {
        byte[] valid = Encoding.UTF8.GetBytes(EventJson.With("note", "\"xx\""));
        int at = Encoding.UTF8.GetString(valid).IndexOf("xx", StringComparison.Ordinal);
        valid[at] = 0xC3;
        valid[at + 1] = 0x28; // 0xC3 must be followed by a continuation byte

        Assert.Equal(DeadLetterReason.InvalidJson, new PlayerEventParser().TryParse(valid, out _));
    }

    [Fact]
    public void TryParse_EscapesInIds_Unescaped()
    {
        PlayerEvent evt = EventJson.ParseValid(EventJson.Build(
            ("userId", "\"a\\\"b\\\\c\\/d\\u00fc|e\\n\\t\""),
            ("videoId", "\"\\ud83c\\udfac clip\""),
            ("sessionId", "\"s\\u0031\"")));

        Assert.Equal("a\"b\\c/dü|e\n\t", evt.UserId);
        Assert.Equal("🎬 clip", evt.VideoId);
        Assert.Equal("s1", evt.SessionId);
    }

    [Fact]
    public void TryParse_EscapedAndPlainSameId_SameString()
    {
        var parser = new PlayerEventParser();
        parser.TryParse(Encoding.UTF8.GetBytes(EventJson.With("userId", "\"j\\u00fcrgen\"")), out PlayerEvent escaped);
        parser.TryParse(Encoding.UTF8.GetBytes(EventJson.With("userId", "\"jürgen\"")), out PlayerEvent plain);

        Assert.Same(escaped.UserId, plain.UserId);
    }

    [Fact]
    public void TryParse_EscapedEventId_HashOfUnescapedBytes()
    {
        PlayerEvent evt = EventJson.ParseValid(EventJson.With("eventId", "\"e\\u0031\\u00e9\""));

        Assert.Equal(StableHash64.Compute(Encoding.UTF8.GetBytes("e1é")), evt.EventIdHash);
    }

    [Fact]
    public void TryParse_EscapedEventNameAndPropertyNames_Recognized()
    {
        const string json = """{"user\u0049d": "u", "video\u0049d": "v", "eventName": "video\u005fpause", "time\u0073tamp": "2026-11-20T10:00:00\u005a", "currentTime": 1}""";

        PlayerEvent evt = EventJson.ParseValid(json);

        Assert.Equal(("u", "v", PlayerEventKind.Pause), (evt.UserId, evt.VideoId, evt.Kind));
    }

    [Theory]
    [InlineData("Jürgen")]
    [InlineData("用户-42")]
    [InlineData("🎬|device:abc|x")]
    [InlineData("a|b|c")]
    public void TryParse_NonAsciiUserId_KeptExactly(string userId)
    {
        Assert.Equal(userId, EventJson.ParseValid(EventJson.With("userId", $"\"{userId}\"")).UserId);
    }

    [Fact]
    public void TryParse_LoneSurrogateInUsedString_InvalidJson()
    {
        Assert.Equal(DeadLetterReason.InvalidJson, EventJson.Parse(EventJson.With("userId", "\"a\\ud800b\"")));
    }

    [Fact]
    public void TryParse_LoneSurrogateInIgnoredField_Ignored()
    {
        Assert.Equal(DeadLetterReason.None, EventJson.Parse(EventJson.With("note", "\"a\\ud800b\"")));
    }

    [Fact]
    public void TryParse_LongEscapedTitle_Unescaped()
    {
        string title = string.Concat(Enumerable.Repeat("é", 1000));
        string escaped = string.Concat(Enumerable.Repeat("\\u00e9", 1000));

        Assert.Equal(title, EventJson.ParseValid(EventJson.With("videoTitle", $"\"{escaped}\"")).VideoTitle);
    }

    [Fact]
    public void TryParse_LongPlainTitle_Kept()
    {
        string title = new('t', 5000);

        Assert.Equal(title, EventJson.ParseValid(EventJson.With("videoTitle", $"\"{title}\"")).VideoTitle);
    }

    [Fact]
    public void TryParse_DuplicateKey_LastWins()
    {
        PlayerEvent evt = EventJson.ParseValid(EventJson.Valid[..^1] + ",\"userId\":\"second\",\"currentTime\":7}");

        Assert.Equal(("second", 7.0), (evt.UserId, evt.CurrentTime));
    }

    [Theory]
    [InlineData("currentTime", "-1", "5", DeadLetterReason.None)]
    [InlineData("currentTime", "5", "\"x\"", DeadLetterReason.BadPosition)]
    [InlineData("userId", "\"a\"", "null", DeadLetterReason.MissingField)]
    [InlineData("userId", "null", "\"a\"", DeadLetterReason.None)]
    [InlineData("playbackRate", "0", "1", DeadLetterReason.None)]
    [InlineData("playbackRate", "1", "0", DeadLetterReason.BadField)]
    [InlineData("playbackRate", "0", "null", DeadLetterReason.None)]
    public void TryParse_DuplicateKey_LastOccurrenceDecides(string name, string first, string last, DeadLetterReason expected)
    {
        string json = EventJson.With(name, null)[..^1] + $",\"{name}\":{first},\"{name}\":{last}}}";

        Assert.Equal(expected, EventJson.Parse(json));
    }

    [Fact]
    public void TryParse_IgnoredValueNestedTo64Levels_Ignored()
    {
        // The event object is level 1, so 63 arrays inside it reach level 64.
        string nested = new string('[', 63) + new string(']', 63);

        Assert.Equal(DeadLetterReason.None, EventJson.Parse(EventJson.With("deep", nested)));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(300)]
    public void TryParse_NestingBeyond64Levels_InvalidJson(int arrays)
    {
        string nested = new string('[', arrays) + new string(']', arrays);

        Assert.Equal(DeadLetterReason.InvalidJson, EventJson.Parse(EventJson.With("deep", nested)));
    }

    [Fact]
    public void TryParse_NestingBeyond64LevelsAndMissingFields_InvalidJsonFirst()
    {
        string nested = new string('[', 64) + new string(']', 64);

        Assert.Equal(DeadLetterReason.InvalidJson, EventJson.Parse("{\"videoTitle\":" + nested + "}"));
    }

    [Fact]
    public void TryParse_HugeIgnoredNumber_Ignored()
    {
        Assert.Equal(DeadLetterReason.None, EventJson.Parse(EventJson.With("n", "1" + new string('0', 400))));
    }
}
