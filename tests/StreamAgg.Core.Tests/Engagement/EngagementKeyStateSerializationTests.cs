using System.Buffers;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Tests.Scenarios;
using Xunit;
using static StreamAgg.Core.Tests.Engagement.KeyStates;
using static StreamAgg.Core.Tests.Engagement.TestEvents;

namespace StreamAgg.Core.Tests.Engagement;

public sealed class EngagementKeyStateSerializationTests
{
    [Fact]
    public void Serialize_StartsWithTheFormatVersion()
    {
        EngagementKeyState state = StateWith(Play(0, 0), Heartbeat(10, 10));
        var buffer = new ArrayBufferWriter<byte>();
        state.Serialize(buffer);

        Assert.Equal(EngagementKeyState.FormatVersion, buffer.WrittenSpan[0]);
    }

    [Fact]
    public void Deserialize_UnknownVersion_Throws()
    {
        byte[] bytes = Serialized(StateWith(Play(0, 0)));
        bytes[0] = 99;

        Assert.Throws<InvalidDataException>(() => EngagementKeyState.Deserialize(bytes));
    }

    [Fact]
    public void Deserialize_Truncated_Throws()
    {
        byte[] bytes = Serialized(StateWith(Play(0, 0), Heartbeat(10, 10)));

        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => EngagementKeyState.Deserialize(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Serialize_RoundTrip_IsByteIdentical()
    {
        EngagementKeyState state = StateWith(
            At(0, PlayerEventKind.Play, 0, rate: 1.5, title: "t", duration: 99.5),
            Seek(5, 40, from: 7),
            Heartbeat(15, 50),
            Pause(12, 45));
        byte[] once = Serialized(state);
        byte[] twice = Serialized(EngagementKeyState.Deserialize(once));

        Assert.Equal(once, twice);
    }
}
