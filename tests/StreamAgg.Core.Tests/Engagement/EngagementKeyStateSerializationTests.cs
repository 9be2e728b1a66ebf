using System.Buffers;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Tests.Scenarios;
using Xunit;
using static StreamAgg.Core.Tests.Engagement.TestEvents;

namespace StreamAgg.Core.Tests.Engagement;

public sealed class EngagementKeyStateSerializationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(777)]
    [InlineData(2500)]
    [InlineData(4900)]
    public void Deserialize_ThenContinue_GivesTheSameRowsAndCredits(int checkpoint)
    {
        const string scenario = "11-mixed-traffic";
        List<(PlayerEvent Event, string Raw)> events = ScenarioRun.Parse(scenario).Events;
        DictionaryVideoCatalog catalog = ScenarioRun.LoadCatalog(scenario);

        var straight = new RecordingOutput();
        var straightEngine = new EngagementEngine(EngagementOptions.Default, catalog, straight);
        var split = new RecordingOutput();
        var before = new EngagementEngine(EngagementOptions.Default, catalog, split);
        for (int i = 0; i < events.Count; i++)
        {
            straightEngine.Apply(events[i].Event);
            if (i < checkpoint)
            {
                before.Apply(events[i].Event);
            }
        }

        var after = new EngagementEngine(EngagementOptions.Default, catalog, split);
        foreach (EngagementKey key in before.Keys)
        {
            Assert.True(before.TryGetState(key, out EngagementKeyState? state));
            var buffer = new ArrayBufferWriter<byte>();
            state.Serialize(buffer);
            after.Restore(key, EngagementKeyState.Deserialize(buffer.WrittenSpan));
        }

        for (int i = checkpoint; i < events.Count; i++)
        {
            after.Apply(events[i].Event);
        }

        straightEngine.Flush();
        after.Flush();
        List<string> expected = Describe(straightEngine.BuildAllRows());
        List<string> actual = Describe(after.BuildAllRows());
        Assert.Equal(expected.Except(actual).FirstOrDefault(), actual.Except(expected).FirstOrDefault());
        Assert.Equal(expected, actual);
        Assert.Equal(straight.Credits, split.Credits);
    }

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

    private static EngagementKeyState StateWith(params PlayerEvent[] events)
    {
        var h = new Harness();
        h.Apply(events);
        Assert.True(h.Engine.TryGetState(Key, out EngagementKeyState? state));
        return state;
    }

    private static byte[] Serialized(EngagementKeyState state)
    {
        var buffer = new ArrayBufferWriter<byte>();
        state.Serialize(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static List<string> Describe(IEnumerable<EngagementRow> rows) =>
        rows.Select(r => (r with { QualityFlags = [] }).ToString() + string.Join(",", r.QualityFlags)).Order(StringComparer.Ordinal).ToList();
}
