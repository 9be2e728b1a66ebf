using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

/// <summary>The ranges of SEMANTICS.md §1, each bound just inside and just outside, and the order of the reasons.</summary>
public sealed class PlayerEventParserRangeTests
{
    [Theory]
    [InlineData("\"2000-01-01T00:00:00Z\"")]
    [InlineData("\"2000-01-01T01:00:00+01:00\"")]
    [InlineData("\"2099-12-31T23:59:59.999Z\"")]
    [InlineData("\"2100-01-01T00:59:59.999+01:00\"")]
    [InlineData("946684800000")]
    [InlineData("4102444799999")]
    public void TryParse_TimestampJustInsideYears2000To2099_Valid(string raw)
    {
        Assert.Equal(DeadLetterReason.None, EventJson.Parse(EventJson.With("timestamp", raw)));
    }

    [Theory]
    [InlineData("\"1999-12-31T23:59:59.999Z\"")]
    [InlineData("\"2000-01-01T00:59:59.999+01:00\"")]
    [InlineData("\"2100-01-01T00:00:00Z\"")]
    [InlineData("\"2099-12-31T23:00:00-01:00\"")]
    [InlineData("\"0001-01-01T00:00:00Z\"")]
    [InlineData("\"9999-12-31T23:59:59Z\"")]
    [InlineData("946684799999")]
    [InlineData("4102444800000")]
    [InlineData("0")]
    [InlineData("-1")]
    public void TryParse_TimestampJustOutsideYears2000To2099_BadTimestamp(string raw)
    {
        Assert.Equal(DeadLetterReason.BadTimestamp, EventJson.Parse(EventJson.With("timestamp", raw)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("10000000")]
    [InlineData("1e7")]
    [InlineData("9999999.999999")]
    public void TryParse_CurrentTimeJustInside_Valid(string raw)
    {
        Assert.Equal(DeadLetterReason.None, EventJson.Parse(EventJson.With("currentTime", raw)));
    }

    [Theory]
    [InlineData("-0.000001")]
    [InlineData("10000000.000001")]
    [InlineData("1.0000001e7")]
    [InlineData("2147483640")]
    [InlineData("1e15")]
    public void TryParse_CurrentTimeJustOutside_BadPosition(string raw)
    {
        Assert.Equal(DeadLetterReason.BadPosition, EventJson.Parse(EventJson.With("currentTime", raw)));
    }

    [Theory]
    [InlineData("videoDuration", "0.000001")]
    [InlineData("videoDuration", "5e-324")]
    [InlineData("videoDuration", "10000000")]
    [InlineData("playbackRate", "0.000001")]
    [InlineData("playbackRate", "16")]
    [InlineData("fromTime", "0")]
    [InlineData("fromTime", "10000000")]
    public void TryParse_OptionalNumberJustInside_Valid(string name, string raw)
    {
        Assert.Equal(DeadLetterReason.None, EventJson.Parse(EventJson.With(name, raw)));
    }

    [Theory]
    [InlineData("videoDuration", "0")]
    [InlineData("videoDuration", "10000000.000001")]
    [InlineData("playbackRate", "0")]
    [InlineData("playbackRate", "16.000001")]
    [InlineData("fromTime", "-0.000001")]
    [InlineData("fromTime", "10000000.000001")]
    public void TryParse_OptionalNumberJustOutside_BadField(string name, string raw)
    {
        Assert.Equal(DeadLetterReason.BadField, EventJson.Parse(EventJson.With(name, raw)));
    }

    [Fact]
    public void TryParse_RangeFaultsOfEveryLaterReason_BadTimestampFirst()
    {
        string json = EventJson.Build(("videoDuration", "10000001"), ("currentTime", "10000001"), ("timestamp", "4102444800000"));

        Assert.Equal(DeadLetterReason.BadTimestamp, EventJson.Parse(json));
    }

    [Fact]
    public void TryParse_PositionAndFieldOutOfRange_BadPositionFirst()
    {
        string json = EventJson.Build(("playbackRate", "17"), ("fromTime", "10000001"), ("currentTime", "10000001"));

        Assert.Equal(DeadLetterReason.BadPosition, EventJson.Parse(json));
    }

    [Fact]
    public void TryParse_UnknownEventAndTimestampOutOfRange_UnknownEventFirst()
    {
        string json = EventJson.Build(("timestamp", "\"9999-12-31T23:59:59Z\""), ("eventName", "\"video_rewind\""));

        Assert.Equal(DeadLetterReason.UnknownEvent, EventJson.Parse(json));
    }

    [Fact]
    public void TryParse_TooDeepAndEveryOtherFault_InvalidJsonFirst()
    {
        string deep = new string('[', 64) + new string(']', 64);
        string json = EventJson.Build(("userId", null), ("timestamp", "1"), ("currentTime", "1e15"), ("extra", deep));

        Assert.Equal(DeadLetterReason.InvalidJson, EventJson.Parse(json));
    }
}
