using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using Xunit;
using static StreamAgg.Core.Tests.Engagement.TestEvents;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>Sessions closing on the caller's time, many keys, allocation.</summary>
public sealed class EngagementEngineTests
{
    private const long Timeout = 1_800_000;

    [Fact]
    public void CloseIdleSessions_BeforeTimeoutPassed_KeepsSessionActive()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10));

        Assert.Equal(0, h.Engine.CloseIdleSessions(OriginMs + 10_000 + Timeout));
        Assert.True(h.Row().ActiveSession);
    }

    [Fact]
    public void CloseIdleSessions_AfterTimeoutPassed_ClosesAndReportsTheRow()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10));
        int changesBefore = h.Output.RowChanges;

        Assert.Equal(1, h.Engine.CloseIdleSessions(OriginMs + 10_001 + Timeout));
        Assert.False(h.Row().ActiveSession);
        Assert.Equal(changesBefore + 1, h.Output.RowChanges);
        Assert.Equal(0, h.Engine.CloseIdleSessions(OriginMs + 20_000 + Timeout));
    }

    [Fact]
    public void CloseIdleSessions_SessionContinuedSinceQueued_UsesTheNewDeadline()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10), Heartbeat(1000, 1000));

        Assert.Equal(0, h.Engine.CloseIdleSessions(OriginMs + 10_001 + Timeout));
        Assert.True(h.Row().ActiveSession);
        Assert.Equal(1, h.Engine.CloseIdleSessions(OriginMs + 1_000_001 + Timeout));
        Assert.False(h.Row().ActiveSession);
    }

    [Fact]
    public void CloseIdleSessions_NewerEventAfterFlush_ClosesTheNewSessionOnTimeout()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10));
        h.Engine.Flush();

        h.Apply(Heartbeat(100, 100));
        Assert.True(h.Row().ActiveSession);
        Assert.Equal(1, h.Engine.CloseIdleSessions(OriginMs + 100_001 + Timeout));
        Assert.False(h.Row().ActiveSession);
    }

    [Fact]
    public void CloseIdleSessions_KeyRemovedThenSeenAgain_ClosesTheNewSessionOnce()
    {
        var h = new Harness();
        h.Apply(Play(0, 0));
        h.Engine.Remove(Key);
        h.Apply(Play(5, 0), Heartbeat(15, 10));

        Assert.Equal(1, h.Engine.CloseIdleSessions(OriginMs + 15_001 + Timeout));
        Assert.False(h.Row().ActiveSession);
        Assert.Equal(0, h.Engine.CloseIdleSessions(OriginMs + 30_001 + Timeout));
    }

    [Fact]
    public void Apply_InLatenessEventAfterClose_DoesNotReopen_NewerEventDoes()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(100, 100));
        h.Engine.CloseIdleSessions(OriginMs + 100_001 + Timeout);

        h.Apply(Pause(50, 50));
        Assert.False(h.Row().ActiveSession);

        h.Apply(Heartbeat(110, 110));
        Assert.True(h.Row().ActiveSession);
        Assert.Equal(1, h.Row().SessionCount);
    }

    [Fact]
    public void IsSessionOpen_FollowsTheGivenTime()
    {
        var h = new Harness();
        h.Apply(Play(0, 0));
        Assert.True(h.Engine.TryGetState(Key, out EngagementKeyState? state));

        Assert.True(state.IsSessionOpen(OriginMs + Timeout, EngagementOptions.Default));
        Assert.False(state.IsSessionOpen(OriginMs + Timeout + 1, EngagementOptions.Default));
    }

    [Fact]
    public void Flush_ClosesEverySession()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), At(0, PlayerEventKind.Play, 0, video: "video_002"));
        h.Engine.Flush();

        Assert.All(h.Engine.BuildAllRows(), row => Assert.False(row.ActiveSession));
        Assert.Equal(2, h.Engine.KeyCount);
    }

    [Fact]
    public void Apply_KeysWithSeparatorCharacters_StayDistinct()
    {
        var h = new Harness();
        h.Apply(At(0, PlayerEventKind.Play, 0, user: "a|b", video: "c"), At(0, PlayerEventKind.Play, 0, user: "a", video: "b|c"));

        Assert.Equal(2, h.Engine.KeyCount);
    }

    [Fact]
    public void Apply_ExistingKeyInSteadyState_DoesNotAllocate()
    {
        var catalog = new Scenarios.DictionaryVideoCatalog();
        catalog.Add(new Videos.VideoMetadata("video_001", "Intro", 100_000));
        var output = new CountingOutput();
        var engine = new EngagementEngine(EngagementOptions.Default, catalog, output);
        PlayerEvent[] events = SteadyPlayback(3000);

        // Warm up: the key, its pending buffer and interval union reach their size. The identity
        // set (§2 keeps every identity for the key's life) doubles at 1537 and 3073 identities,
        // so the measured stretch stays between: that doubling is its only growth, amortized
        // about 21 bytes an event.
        for (int i = 0; i < 1600; i++)
        {
            engine.Apply(events[i]);
        }

        int creditsBefore = output.Credits;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1600; i < 3000; i++)
        {
            engine.Apply(events[i]);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(output.Credits - creditsBefore > 1200, "events became final along the way");
    }

    /// <summary>Heartbeats every 10 s with a pause/resume every 100 s and one out-of-order pair in ten.</summary>
    internal static PlayerEvent[] SteadyPlayback(int count, string user = "peter", string video = "video_001")
    {
        var events = new PlayerEvent[count];
        double pos = 0;
        for (int i = 0; i < count; i++)
        {
            PlayerEventKind kind = (i % 10) switch { 0 => PlayerEventKind.Resume, 9 => PlayerEventKind.Pause, _ => PlayerEventKind.Heartbeat };
            events[i] = At(i * 10, kind, pos, user: user, video: video, eventId: (ulong)(i + 1));
            if (kind != PlayerEventKind.Pause)
            {
                pos += 10;
            }
        }

        for (int i = 5; i + 1 < count; i += 10)
        {
            (events[i], events[i + 1]) = (events[i + 1], events[i]);
        }

        return events;
    }

    private sealed class CountingOutput : IEngagementOutput
    {
        public int Credits { get; private set; }

        public void OnCredited(in EngagementKey key, in CreditedInterval interval) => Credits++;

        public void OnRowChanged(in EngagementKey key)
        {
        }
    }
}
