using System.Text;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

/// <summary>
/// The fast path must be invisible: on every input the parser with it gives the same reason and
/// the same event as the parser without it (the full <c>Utf8JsonReader</c> path).
/// </summary>
public sealed class FlatEventReaderTests
{
    public static TheoryData<string> Scenarios => [.. ScenarioLines.Names];

    public static TheoryData<string> NumberValues =>
    [
        "0", "-0", "-0.0", "0.0", "1", "1.5", "104.079", "0.1", "0.30000000000000004", "16", "16.000001", "17",
        "-1", "-0.001", "1.7976931348623157", "9007199254740992", "9007199254740993", "123456789012345678",
        "1234567890123456789", "0.0000000000000000000001", "0.00000000000000000000001", "1e3", "1E+3", "2.5e-1",
        "1e400", "01", "1.", ".5", "-", "--1", "+1", "1.2.3", "0x10", "1795341600000", "1795341600000.0", "-62135596800001",
        "253402300799999", "253402300800000", "true", "false", "null", "\"1\"", "[]", "{}", "[1]", "{\"a\":1}", "nul", "nulll",
    ];

    public static TheoryData<string> StringValues =>
    [
        "\"\"", "\"peter\"", "\"video_play\"", "\"video_end\"", "\"Video_Play\"", "\"video\\u005fplay\"", "\"a\\\"b\"",
        "\"a\\\\b\"", "\"a\tb\"", "\"a\u007fb\"", "\"caf\u00e9\"", "\"\ud83d\ude00\"", "\"\\ud800\"", "\"2026-11-20T10:00:00Z\"",
        "\"2026-11-20T10:00:00.123+02:00\"", "\"2026-11-20 10:00:00Z\"", "\"1795341600000\"", "\"unterminated",
        "12", "null", "true",
    ];

    public static TheoryData<string> WholeInputs =>
    [
        "", " ", "{", "}", "{}", " {} ", "{} {}", "{} x", "[]", "null", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}",
        "{\"userId\":\"u\",}", "{'userId':'u'}", "{userId:\"u\"}", "{\"userId\":\"u\" /* c */}",
        "\r\n\t{\"userId\":\"u\",\"videoId\":\"v\",\"eventName\":\"video_play\",\"timestamp\":1795341600000,\"currentTime\":1}\r\n",
        "{\"userId\":\"u\",\"userId\":\"w\",\"videoId\":\"v\",\"eventName\":\"video_play\",\"timestamp\":1795341600000,\"currentTime\":1}",
        "{\"userId\":\"u\",\"videoId\":\"v\",\"eventName\":\"video_play\",\"timestamp\":1795341600000,\"currentTime\":1,\"userId\":null}",
        "{\"userId\" : \"u\" , \"videoId\":\"v\",\"eventName\":\"video_play\",\"timestamp\":1795341600000,\"currentTime\":1,\"extra\":{\"x\":[1,2]}}",
        "{\"us\\u0065rId\":\"u\",\"videoId\":\"v\",\"eventName\":\"video_play\",\"timestamp\":1795341600000,\"currentTime\":1}",
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void TryParse_ScenarioLines_SameAsFullReader(string scenario)
    {
        foreach (byte[] line in ScenarioLines.RawLines(scenario, "events.ndjson"))
        {
            AssertSameAsFullReader(line);
        }
    }

    [Fact]
    public void TryRead_ScenarioTraffic_TakesNearlyEveryLine()
    {
        List<byte[]> lines = ScenarioLines.RawLines("11-mixed-traffic", "events.ndjson");
        var strings = new Utf8StringPool();
        int taken = lines.Count(line =>
        {
            var draft = default(PlayerEventDraft);
            return FlatEventReader.TryRead(line, ref draft, strings);
        });

        Assert.True(taken >= lines.Count * 0.95, $"the flat reader took {taken} of {lines.Count} lines");
    }

    [Theory]
    [MemberData(nameof(NumberValues))]
    public void TryParse_NumberInEveryField_SameAsFullReader(string value)
    {
        foreach (string field in FieldNames)
        {
            AssertSameAsFullReader(EventJson.Build((field, value)));
        }
    }

    [Theory]
    [MemberData(nameof(StringValues))]
    public void TryParse_StringInEveryField_SameAsFullReader(string value)
    {
        foreach (string field in FieldNames)
        {
            AssertSameAsFullReader(EventJson.Build((field, value)));
        }
    }

    [Theory]
    [MemberData(nameof(WholeInputs))]
    public void TryParse_WholeInput_SameAsFullReader(string input)
    {
        AssertSameAsFullReader(input);
    }

    [Theory]
    [InlineData("{\"userId\":\"a\\u0062\"}")]
    [InlineData("{\"userId\":\"caf\u00e9\"}")]
    [InlineData("{\"userId\":true}")]
    [InlineData("{\"x\":{}}")]
    [InlineData("{\"currentTime\":1e3}")]
    [InlineData("{\"currentTime\":1234567890123456789}")]
    [InlineData("{\"timestamp\":1795341600000.5}")]
    [InlineData("{\"userId\":\"u\",}")]
    [InlineData("{\"userId\":\"u\",\t\"videoId\":\"v\"}")]
    [InlineData("{\"userId\":\"u\"}\r\n")]
    [InlineData("{\"userId\":\"u\u007f\"}")]
    public void TryRead_UnusualInput_GivesUp(string input)
    {
        var draft = default(PlayerEventDraft);
        Assert.False(FlatEventReader.TryRead(Encoding.UTF8.GetBytes(input), ref draft, new Utf8StringPool()));
    }

    [Fact]
    public void TryRead_PlainEvent_ReadsEveryField()
    {
        byte[] json = Encoding.UTF8.GetBytes(
            "{\"eventId\": \"e1\", \"timestamp\": \"2026-11-20T08:00:33.194Z\", \"userId\": \"u1\", \"videoId\": \"v6\", " +
            "\"eventName\": \"video_seek\", \"currentTime\": 104.079, \"fromTime\": 0, \"sessionId\": \"s1\", " +
            "\"playbackRate\": 1.5, \"videoDuration\": 600, \"videoTitle\": \"T\"}");
        var draft = default(PlayerEventDraft);

        Assert.True(FlatEventReader.TryRead(json, ref draft, new Utf8StringPool()));
        Assert.Equal(DeadLetterReason.None, draft.Validate(out PlayerEvent evt));
        Assert.Equal(("u1", "v6", PlayerEventKind.Seek, "s1", "T"), (evt.UserId, evt.VideoId, evt.Kind, evt.SessionId, evt.VideoTitle));
        Assert.Equal((104.079, 0.0, 1.5, 600.0), (evt.CurrentTime, evt.FromTime!.Value, evt.PlaybackRate!.Value, evt.VideoDuration!.Value));
        Assert.Equal(StableHash64.Compute("e1"u8), evt.EventIdHash);
    }

    private static readonly string[] FieldNames =
    [
        "userId", "videoId", "eventName", "timestamp", "currentTime", "sessionId", "eventId", "videoDuration",
        "videoTitle", "playbackRate", "fromTime", "somethingElse",
    ];

    private static void AssertSameAsFullReader(string json) => AssertSameAsFullReader(Encoding.UTF8.GetBytes(json));

    private static void AssertSameAsFullReader(byte[] json)
    {
        var withFastPath = new PlayerEventParser(new Utf8StringPool(), flatFastPath: true);
        var fullReaderOnly = new PlayerEventParser(new Utf8StringPool(), flatFastPath: false);

        DeadLetterReason expected = fullReaderOnly.TryParse(json, out PlayerEvent expectedEvent);
        DeadLetterReason actual = withFastPath.TryParse(json, out PlayerEvent actualEvent);

        string text = Encoding.UTF8.GetString(json);
        Assert.True(expected == actual, $"{text}: {actual} instead of {expected}");
        Assert.True(expectedEvent == actualEvent, $"{text}: {actualEvent} instead of {expectedEvent}");

        // Equality treats -0 and +0 alike; the bits must match too.
        Assert.Equal(BitConverter.DoubleToInt64Bits(expectedEvent.CurrentTime), BitConverter.DoubleToInt64Bits(actualEvent.CurrentTime));
        Assert.Equal(Bits(expectedEvent.FromTime), Bits(actualEvent.FromTime));
    }

    private static long? Bits(double? value) => value is { } v ? BitConverter.DoubleToInt64Bits(v) : null;
}
