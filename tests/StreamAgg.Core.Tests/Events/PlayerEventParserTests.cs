using System.Text;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

public sealed class PlayerEventParserTests
{
    private static readonly long TenOClock = DateTimeOffset.Parse("2026-11-20T10:00:00Z").ToUnixTimeMilliseconds();

    [Fact]
    public void TryParse_EveryField_ReadsAll()
    {
        PlayerEvent evt = EventJson.ParseValid(
            """{"eventId": "e738", "timestamp": "2026-11-20T08:19:25.322Z", "userId": "user0019", "videoId": "v006", "eventName": "video_seek", "currentTime": 132.39, "sessionId": "see85b2eb", "videoDuration": 1200.0, "videoTitle": "Video 11", "playbackRate": 1.5, "fromTime": 20}""");

        Assert.Equal("user0019", evt.UserId);
        Assert.Equal("v006", evt.VideoId);
        Assert.Equal(PlayerEventKind.Seek, evt.Kind);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T08:19:25.322Z").ToUnixTimeMilliseconds(), evt.TimestampMs);
        Assert.Equal(132.39, evt.CurrentTime);
        Assert.Equal("see85b2eb", evt.SessionId);
        Assert.True(evt.HasEventId);
        Assert.Equal(StableHash64.Compute("e738"u8), evt.EventIdHash);
        Assert.Equal(1200.0, evt.VideoDuration);
        Assert.Equal("Video 11", evt.VideoTitle);
        Assert.Equal(1.5, evt.PlaybackRate);
        Assert.Equal(20.0, evt.FromTime);
    }

    [Fact]
    public void TryParse_RequiredFieldsOnly_OptionalFieldsAbsent()
    {
        PlayerEvent evt = EventJson.ParseValid(EventJson.Valid);

        Assert.Equal("peter", evt.UserId);
        Assert.Equal("video_001", evt.VideoId);
        Assert.Equal(PlayerEventKind.Play, evt.Kind);
        Assert.Equal(TenOClock, evt.TimestampMs);
        Assert.Equal(0.0, evt.CurrentTime);
        Assert.Null(evt.SessionId);
        Assert.False(evt.HasEventId);
        Assert.Equal(0UL, evt.EventIdHash);
        Assert.Null(evt.VideoDuration);
        Assert.Null(evt.VideoTitle);
        Assert.Null(evt.PlaybackRate);
        Assert.Null(evt.FromTime);
    }

    [Theory]
    [InlineData("video_play", PlayerEventKind.Play)]
    [InlineData("video_pause", PlayerEventKind.Pause)]
    [InlineData("video_resume", PlayerEventKind.Resume)]
    [InlineData("video_seek", PlayerEventKind.Seek)]
    [InlineData("video_heartbeat", PlayerEventKind.Heartbeat)]
    [InlineData("video_end", PlayerEventKind.End)]
    public void TryParse_EachEventName_MapsToKind(string name, PlayerEventKind kind)
    {
        Assert.Equal(kind, EventJson.ParseValid(EventJson.With("eventName", $"\"{name}\"")).Kind);
    }

    [Theory]
    [InlineData("1795341600000", 1795341600000L)]
    [InlineData("946684800000", 946684800000L)]
    [InlineData("4102444799999", 4102444799999L)]
    public void TryParse_EpochMilliseconds_TakenAsIs(string raw, long expected)
    {
        Assert.Equal(expected, EventJson.ParseValid(EventJson.With("timestamp", raw)).TimestampMs);
    }

    [Fact]
    public void TryParse_EpochAndIsoOfSameInstant_Agree()
    {
        long epoch = EventJson.ParseValid(EventJson.With("timestamp", "1795341600000")).TimestampMs;
        long iso = EventJson.ParseValid(EventJson.With("timestamp", "\"" + DateTimeOffset.FromUnixTimeMilliseconds(1795341600000).ToString("O") + "\"")).TimestampMs;

        Assert.Equal(epoch, iso);
    }

    [Theory]
    [InlineData("2026-11-20T10:00:56.682+02:00", "2026-11-20T08:00:56.682Z")]
    [InlineData("2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z")]
    [InlineData("2026-11-20t10:00:00z", "2026-11-20T10:00:00Z")]
    [InlineData("2026-11-20T10:00:00.5Z", "2026-11-20T10:00:00.500Z")]
    [InlineData("2026-11-20T10:00:00.123456789Z", "2026-11-20T10:00:00.123Z")]
    [InlineData("2026-11-20T10:00:00-05:30", "2026-11-20T15:30:00Z")]
    public void TryParse_IsoTimestamp_ConvertsToUtcMilliseconds(string iso, string expectedUtc)
    {
        long expected = DateTimeOffset.Parse(expectedUtc).ToUnixTimeMilliseconds();

        Assert.Equal(expected, EventJson.ParseValid(EventJson.With("timestamp", $"\"{iso}\"")).TimestampMs);
    }

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("-0", 0.0)]
    [InlineData("-0.0", 0.0)]
    [InlineData("132.39", 132.39)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1e7", 10_000_000.0)]
    public void TryParse_CurrentTime_ReadsNumbersInRange(string raw, double expected)
    {
        double actual = EventJson.ParseValid(EventJson.With("currentTime", raw)).CurrentTime;

        Assert.Equal(expected, actual);
        Assert.False(double.IsNegative(actual)); // -0 is normalized
    }

    [Theory]
    [InlineData("playbackRate", "16")]
    [InlineData("playbackRate", "0.0001")]
    [InlineData("videoDuration", "0.001")]
    [InlineData("fromTime", "0")]
    [InlineData("sessionId", "\"\"")]
    [InlineData("videoTitle", "\"\"")]
    public void TryParse_OptionalFieldAtItsBound_IsValid(string name, string raw)
    {
        Assert.Equal(DeadLetterReason.None, EventJson.Parse(EventJson.With(name, raw)));
    }

    [Theory]
    [InlineData("sessionId")]
    [InlineData("eventId")]
    [InlineData("videoDuration")]
    [InlineData("videoTitle")]
    [InlineData("playbackRate")]
    [InlineData("fromTime")]
    public void TryParse_OptionalFieldNull_TreatedAsAbsent(string name)
    {
        PlayerEvent evt = EventJson.ParseValid(EventJson.With(name, "null"));

        Assert.Equal(EventJson.ParseValid(EventJson.Valid), evt);
    }

    [Fact]
    public void TryParse_EmptyEventId_IsPresent()
    {
        PlayerEvent evt = EventJson.ParseValid(EventJson.With("eventId", "\"\""));

        Assert.True(evt.HasEventId);
        Assert.Equal(StableHash64.Compute([]), evt.EventIdHash);
    }

    [Fact]
    public void TryParse_DifferentEventIds_DifferentHashes()
    {
        ulong a = EventJson.ParseValid(EventJson.With("eventId", "\"e1\"")).EventIdHash;
        ulong b = EventJson.ParseValid(EventJson.With("eventId", "\"e2\"")).EventIdHash;

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void TryParse_SameIdsTwice_ReturnsSameStringInstances()
    {
        var parser = new PlayerEventParser();
        byte[] line = Encoding.UTF8.GetBytes(EventJson.Build(("sessionId", "\"s1\""), ("videoTitle", "\"Intro\"")));

        parser.TryParse(line, out PlayerEvent first);
        parser.TryParse(line, out PlayerEvent second);

        Assert.Same(first.UserId, second.UserId);
        Assert.Same(first.VideoId, second.VideoId);
        Assert.Same(first.SessionId, second.SessionId);
        Assert.Same(first.VideoTitle, second.VideoTitle);
    }

    [Fact]
    public void TryParse_SharedPool_SharedAcrossParsers()
    {
        var pool = new Utf8StringPool(16);
        byte[] line = Encoding.UTF8.GetBytes(EventJson.Valid);

        new PlayerEventParser(pool).TryParse(line, out PlayerEvent first);
        new PlayerEventParser(pool).TryParse(line, out PlayerEvent second);

        Assert.Same(pool, new PlayerEventParser(pool).Strings);
        Assert.Same(first.UserId, second.UserId);
    }

    [Fact]
    public void TryParse_ExtraFieldsOfAnyShape_Ignored()
    {
        string json = EventJson.Build(
            ("extra", "{\"userId\": 5, \"nested\": [1, {\"currentTime\": -1}], \"s\": \"x\"}"),
            ("list", "[[[\"video_rewind\"]], null, true, 1e400]"),
            ("flag", "false"),
            ("nothing", "null"),
            ("big", "123456789012345678901234567890"));

        Assert.Equal(EventJson.ParseValid(EventJson.Valid), EventJson.ParseValid(json));
    }

    [Fact]
    public void TryParse_FieldOrder_DoesNotMatter()
    {
        PlayerEvent evt = EventJson.ParseValid(
            """{"currentTime": 3, "timestamp": 1795341600000, "eventName": "video_end", "videoId": "v", "userId": "u"}""");

        Assert.Equal(("u", "v", PlayerEventKind.End, 3.0), (evt.UserId, evt.VideoId, evt.Kind, evt.CurrentTime));
    }

    [Fact]
    public void TryParse_Failure_ReturnsDefaultEvent()
    {
        Assert.Equal(DeadLetterReason.BadPosition, EventJson.Parse(EventJson.With("currentTime", "-1"), out PlayerEvent evt));
        Assert.Equal(default, evt);
    }

    [Fact]
    public void Constructor_NullPool_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new PlayerEventParser(null!));
    }
}
