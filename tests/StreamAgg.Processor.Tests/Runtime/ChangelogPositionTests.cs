using StreamAgg.Core.Engagement;
using StreamAgg.Processor.Runtime;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Tests.Runtime;

public sealed class ChangelogPositionTests
{
    [Fact]
    public void TryRead_ValueWrittenForTheTopic_ReturnsItsOffset()
    {
        var read = ChangelogPosition.TryRead(ChangelogPosition.Key("player-events"), ChangelogPosition.Value(123_456_789_012), "player-events", out var next);

        Assert.True(read);
        Assert.Equal(123_456_789_012, next);
    }

    [Fact]
    public void TryRead_PositionOfAnotherInputTopic_IsIgnored()
    {
        // A changelog written before --rekey was turned on must not steer the repartition topic.
        var read = ChangelogPosition.TryRead(ChangelogPosition.Key(TopicNames.PlayerEvents), ChangelogPosition.Value(42), TopicNames.Repartition, out _);

        Assert.False(read);
    }

    [Fact]
    public void TryRead_NewerVersionWithMoreFields_StillReadsTheOffset()
    {
        byte[] newer = [2, .. ChangelogPosition.Value(7).AsSpan(1), 0xAB, 0xCD];

        Assert.True(ChangelogPosition.TryRead(ChangelogPosition.Key("t"), newer, "t", out var next));
        Assert.Equal(7, next);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 9 })]
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void TryRead_TruncatedUnversionedOrNegative_IsRefused(byte[] value)
    {
        Assert.False(ChangelogPosition.TryRead(ChangelogPosition.Key("t"), value, "t", out _));
    }

    [Fact]
    public void Value_Version1_IsTheVersionByteThenTheBigEndianOffset()
    {
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 1, 2 }, ChangelogPosition.Value(258));
    }

    [Fact]
    public void IsRuntimeKey_EngagementKeys_AreNeverRuntimeKeys()
    {
        Assert.True(ChangelogPosition.IsRuntimeKey(ChangelogPosition.Key(TopicNames.PlayerEvents)));
        Assert.False(ChangelogPosition.IsRuntimeKey(EngagementKeyCodec.Encode(new EngagementKey("", ""))));
        Assert.False(ChangelogPosition.IsRuntimeKey(EngagementKeyCodec.Encode(new EngagementKey("\0user", "\0video"))));
        Assert.False(ChangelogPosition.IsRuntimeKey([]));
    }
}
