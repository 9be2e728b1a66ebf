using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

/// <summary>Each dead-letter reason of SEMANTICS.md §1, and their order.</summary>
public sealed class PlayerEventParserValidationTests
{
    [Theory]
    [InlineData("userId")]
    [InlineData("videoId")]
    [InlineData("eventName")]
    [InlineData("timestamp")]
    [InlineData("currentTime")]
    public void TryParse_RequiredFieldAbsent_MissingField(string name)
    {
        Assert.Equal(DeadLetterReason.MissingField, EventJson.Parse(EventJson.With(name, null)));
    }

    [Theory]
    [InlineData("userId")]
    [InlineData("videoId")]
    [InlineData("eventName")]
    [InlineData("timestamp")]
    [InlineData("currentTime")]
    public void TryParse_RequiredFieldNull_MissingField(string name)
    {
        Assert.Equal(DeadLetterReason.MissingField, EventJson.Parse(EventJson.With(name, "null")));
    }

    [Theory]
    [InlineData("userId", "\"\"")]
    [InlineData("videoId", "\"\"")]
    [InlineData("userId", "42")]
    [InlineData("videoId", "true")]
    [InlineData("userId", "[\"peter\"]")]
    [InlineData("videoId", "{\"id\": \"v\"}")]
    public void TryParse_IdEmptyOrNotString_MissingField(string name, string raw)
    {
        Assert.Equal(DeadLetterReason.MissingField, EventJson.Parse(EventJson.With(name, raw)));
    }

    [Fact]
    public void TryParse_EmptyObject_MissingField()
    {
        Assert.Equal(DeadLetterReason.MissingField, EventJson.Parse("{}"));
    }

    [Theory]
    [InlineData("\"video_rewind\"")]
    [InlineData("\"VIDEO_PLAY\"")]
    [InlineData("\"video_play \"")]
    [InlineData("\"\"")]
    [InlineData("7")]
    [InlineData("false")]
    [InlineData("[\"video_play\"]")]
    [InlineData("{\"name\": \"video_play\"}")]
    public void TryParse_EventNameNotKnown_UnknownEvent(string raw)
    {
        Assert.Equal(DeadLetterReason.UnknownEvent, EventJson.Parse(EventJson.With("eventName", raw)));
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"2026-11-20T10:00:00\"")]
    [InlineData("\"2026-11-20T10:00:00.123\"")]
    [InlineData("\"2026-11-20\"")]
    [InlineData("\"\"")]
    [InlineData("\"1795341600000\"")]
    [InlineData("true")]
    [InlineData("1795341600000.5")]
    [InlineData("1795341600000.0")]
    [InlineData("1.7953416e12")]
    [InlineData("9223372036854775808")]
    [InlineData("-62135596800001")]
    [InlineData("253402300800000")]
    [InlineData("[1795341600000]")]
    [InlineData("{\"ms\": 1795341600000}")]
    public void TryParse_TimestampBad_BadTimestamp(string raw)
    {
        Assert.Equal(DeadLetterReason.BadTimestamp, EventJson.Parse(EventJson.With("timestamp", raw)));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-0.001")]
    [InlineData("-1e-300")]
    [InlineData("\"12\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("1e309")]
    [InlineData("-1e400")]
    [InlineData("true")]
    [InlineData("[12]")]
    [InlineData("{\"s\": 12}")]
    public void TryParse_CurrentTimeNotFiniteNonNegativeNumber_BadPosition(string raw)
    {
        Assert.Equal(DeadLetterReason.BadPosition, EventJson.Parse(EventJson.With("currentTime", raw)));
    }

    [Theory]
    [InlineData("sessionId", "5")]
    [InlineData("sessionId", "{}")]
    [InlineData("eventId", "5")]
    [InlineData("eventId", "[\"e1\"]")]
    [InlineData("videoTitle", "true")]
    [InlineData("videoDuration", "0")]
    [InlineData("videoDuration", "-300")]
    [InlineData("videoDuration", "\"300\"")]
    [InlineData("videoDuration", "1e400")]
    [InlineData("playbackRate", "0")]
    [InlineData("playbackRate", "-1")]
    [InlineData("playbackRate", "16.0001")]
    [InlineData("playbackRate", "\"1\"")]
    [InlineData("playbackRate", "1e400")]
    [InlineData("fromTime", "-1")]
    [InlineData("fromTime", "\"3\"")]
    [InlineData("fromTime", "false")]
    public void TryParse_OptionalFieldWrongTypeOrRange_BadField(string name, string raw)
    {
        Assert.Equal(DeadLetterReason.BadField, EventJson.Parse(EventJson.With(name, raw)));
    }

    [Fact]
    public void TryParse_MissingFieldAndEveryLaterFault_MissingField()
    {
        string json = EventJson.Build(
            ("playbackRate", "0"), ("currentTime", "-1"), ("timestamp", "\"yesterday\""), ("eventName", "\"video_rewind\""), ("userId", null));

        Assert.Equal(DeadLetterReason.MissingField, EventJson.Parse(json));
    }

    [Fact]
    public void TryParse_UnknownEventAndBadTimestamp_UnknownEvent()
    {
        string json = EventJson.Build(("timestamp", "\"yesterday\""), ("eventName", "\"video_rewind\""));

        Assert.Equal(DeadLetterReason.UnknownEvent, EventJson.Parse(json));
    }

    [Fact]
    public void TryParse_BadTimestampAndBadPosition_BadTimestamp()
    {
        string json = EventJson.Build(("currentTime", "\"12\""), ("timestamp", "\"2026-11-20T10:00:00\""));

        Assert.Equal(DeadLetterReason.BadTimestamp, EventJson.Parse(json));
    }

    [Fact]
    public void TryParse_BadPositionAndBadField_BadPosition()
    {
        string json = EventJson.Build(("playbackRate", "0"), ("currentTime", "-1"));

        Assert.Equal(DeadLetterReason.BadPosition, EventJson.Parse(json));
    }

    [Fact]
    public void TryParse_BadFieldBeforeRequiredFieldsInText_OrderStillBySemantics()
    {
        // The faults appear in the text in the reverse of the checking order.
        const string json = """{"playbackRate": 0, "currentTime": -1, "timestamp": "x", "eventName": "nope", "userId": "u", "videoId": "v"}""";

        Assert.Equal(DeadLetterReason.UnknownEvent, EventJson.Parse(json));
    }

    [Fact]
    public void TryParse_TruncatedObjectWithOtherFaults_InvalidJson()
    {
        Assert.Equal(DeadLetterReason.InvalidJson, EventJson.Parse("""{"userId": "", "eventName": "video_rewind", "currentTime": -1"""));
    }

    [Fact]
    public void TryParse_EventNameNull_MissingFieldNotUnknownEvent()
    {
        Assert.Equal(DeadLetterReason.MissingField, EventJson.Parse(EventJson.Build(("eventName", "null"), ("timestamp", "\"x\""))));
    }
}
