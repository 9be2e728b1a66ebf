using System.Buffers;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Tests.Scenarios;
using Xunit;
using static StreamAgg.Core.Tests.Engagement.KeyStates;
using static StreamAgg.Core.Tests.Engagement.TestEvents;

namespace StreamAgg.Core.Tests.Engagement;

public sealed class EngagementKeyStateDormantTests
{
    private const string Scenario = "11-mixed-traffic";

    // A state restored either way, decoded at once or left dormant, then fed the rest of the
    // scenario, must end as if the engine had never stopped.
    [Theory]
    [InlineData(1, false, false)]
    [InlineData(777, false, false)]
    [InlineData(2500, false, false)]
    [InlineData(4900, false, false)]
    [InlineData(1, false, true)]
    [InlineData(777, false, true)]
    [InlineData(2500, true, true)]
    [InlineData(4900, true, true)]
    public void Restore_ThenContinueAndClose_GivesTheSameRowsAndCredits(int checkpoint, bool closeOnTime, bool dormant)
    {
        List<(PlayerEvent Event, string Raw)> events = ScenarioRun.Parse(Scenario).Events;
        DictionaryVideoCatalog catalog = ScenarioRun.LoadCatalog(Scenario);
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
            byte[] bytes = Serialized(state);
            Assert.Null(after.Restore(key, dormant ? EngagementKeyState.DeserializeDormant(bytes) : EngagementKeyState.Deserialize(bytes)));
        }

        for (int i = checkpoint; i < events.Count; i++)
        {
            after.Apply(events[i].Event);
        }

        if (closeOnTime)
        {
            // Session timeouts reach keys that stayed dormant: they must close and credit as the originals do.
            long past = events.Max(e => e.Event.TimestampMs) + (long)TimeSpan.FromDays(1).TotalMilliseconds;
            Assert.Equal(straightEngine.CloseIdleSessions(past, finalizePending: true), after.CloseIdleSessions(past, finalizePending: true));
        }
        else
        {
            straightEngine.Flush();
            after.Flush();
        }

        Assert.Equal(Describe(straightEngine.BuildAllRows()), Describe(after.BuildAllRows()));
        Assert.Equal(straight.Credits, split.Credits);
        foreach (EngagementKey key in straightEngine.Keys)
        {
            Assert.True(straightEngine.TryGetState(key, out EngagementKeyState? expected));
            Assert.True(after.TryGetState(key, out EngagementKeyState? actual));
            Assert.Equal(Serialized(expected), Serialized(actual));
        }
    }

    [Fact]
    public void DeserializeDormant_OpenStateWithPendingEvents_AnswersAsTheDecodedStateWithoutWaking()
    {
        EngagementKeyState original = StateWith(Play(0, 0), Heartbeat(10, 10), Pause(12, 12), Heartbeat(11, 11));
        byte[] bytes = Serialized(original);

        EngagementKeyState dormant = EngagementKeyState.DeserializeDormant(bytes);

        Assert.True(dormant.IsDormant);
        Assert.NotEqual(0, original.PendingCount);
        Assert.Equal(original.PendingCount, dormant.PendingCount);
        Assert.Equal(original.MaxTimestampMs, dormant.MaxTimestampMs);
        Assert.Equal(original.Version, dormant.Version);
        Assert.False(dormant.SessionClosed);
        Assert.Equal(original.IsSessionOpen(original.MaxTimestampMs, EngagementOptions.Default), dormant.IsSessionOpen(original.MaxTimestampMs, EngagementOptions.Default));
        Assert.Equal(EngagementKeyState.Deserialize(bytes).Version, dormant.Version);
        Assert.True(dormant.IsDormant);
        Assert.True(dormant.RetainedBytes > bytes.Length);
    }

    [Fact]
    public void DeserializeDormant_ClosedState_ReportsItClosed()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10));
        h.Engine.Flush();
        Assert.True(h.Engine.TryGetState(Key, out EngagementKeyState? closed));

        EngagementKeyState dormant = EngagementKeyState.DeserializeDormant(Serialized(closed));

        Assert.True(dormant.SessionClosed);
        Assert.Equal(0, dormant.PendingCount);
    }

    [Fact]
    public void Serialize_Dormant_WakesAndWritesTheSameBytes()
    {
        byte[] bytes = Serialized(StateWith(
            At(0, PlayerEventKind.Play, 0, rate: 1.5, title: "t", duration: 99.5),
            Seek(5, 40, from: 7),
            Heartbeat(15, 50),
            Pause(12, 45)));
        EngagementKeyState dormant = EngagementKeyState.DeserializeDormant(bytes);

        Assert.Equal(bytes, Serialized(dormant));
        Assert.False(dormant.IsDormant);
    }

    [Fact]
    public void Apply_OnDormantState_WakesAndCarriesOn()
    {
        var straight = new Harness();
        straight.Apply(Play(0, 0), Heartbeat(10, 10));
        var restored = new Harness();
        Assert.True(straight.Engine.TryGetState(Key, out EngagementKeyState? state));
        restored.Engine.Restore(Key, EngagementKeyState.DeserializeDormant(Serialized(state)));

        straight.Apply(Heartbeat(20, 20));
        restored.Apply(Heartbeat(20, 20));

        Assert.True(restored.Engine.TryGetState(Key, out EngagementKeyState? woken));
        Assert.False(woken.IsDormant);
        Assert.Equal(straight.Row(), restored.Row());
    }

    [Fact]
    public void Restore_KeyHeldAlready_ReturnsTheReplacedState()
    {
        var h = new Harness();
        h.Apply(Play(0, 0));
        Assert.True(h.Engine.TryGetState(Key, out EngagementKeyState? first));
        EngagementKeyState second = EngagementKeyState.DeserializeDormant(Serialized(first));

        Assert.Same(first, h.Engine.Restore(Key, second));
        Assert.True(h.Engine.TryGetState(Key, out EngagementKeyState? held));
        Assert.Same(second, held);
    }

    [Fact]
    public void DeserializeDormant_UnknownVersion_Throws()
    {
        byte[] bytes = Serialized(StateWith(Play(0, 0)));
        bytes[0] = 99;

        Assert.Throws<InvalidDataException>(() => EngagementKeyState.DeserializeDormant(bytes));
    }

    [Fact]
    public void DeserializeDormant_TruncatedOrTrailingBytes_Throws()
    {
        byte[] bytes = Serialized(StateWith(Play(0, 0, rate: 2), Seek(5, 40, from: 7), Heartbeat(10, 10)));

        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => EngagementKeyState.DeserializeDormant(bytes[..length]));
        }

        Assert.Throws<InvalidDataException>(() => EngagementKeyState.DeserializeDormant(bytes.Append((byte)0).ToArray()));
    }
}
