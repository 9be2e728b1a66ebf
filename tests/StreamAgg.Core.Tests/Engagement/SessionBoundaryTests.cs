using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Tests.Scenarios;
using Xunit;
using static StreamAgg.Core.Tests.Engagement.TestEvents;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>Every session the core opens is reported closed exactly once, with its cause.</summary>
public sealed class SessionBoundaryTests
{
    private const long Timeout = 1_800_000;

    [Fact]
    public void CloseIdleSessions_QuietBrowser_ReportsOneOpenAndATimeout()
    {
        var (engine, output) = Create();
        engine.Apply(Play(0, 0));
        engine.Apply(Heartbeat(10, 10));

        engine.CloseIdleSessions(OriginMs + 10_001 + Timeout, finalizePending: true);

        Assert.Equal(1, output.Opened);
        Assert.Equal([SessionCloseCause.Timeout], output.Closed);
    }

    [Fact]
    public void CloseIdleSessions_NewestEventWasEnd_ReportsEnd()
    {
        var (engine, output) = Create();
        engine.Apply(Play(0, 0));
        engine.Apply(End(300, 300));

        engine.CloseIdleSessions(OriginMs + 300_001 + Timeout);

        Assert.Equal([SessionCloseCause.End], output.Closed);
    }

    [Fact]
    public void Apply_OtherSessionId_ClosesTheOldSessionAsNewSession()
    {
        var (engine, output) = Create();
        engine.Apply(Play(0, 0));
        engine.Apply(At(20, PlayerEventKind.Play, 0, session: "s2"));

        Assert.Equal(2, output.Opened);
        Assert.Equal([SessionCloseCause.NewSession], output.Closed);
    }

    [Fact]
    public void Apply_GapPastTimeoutBeforeAnyClose_ReportsTimeoutThenOpens()
    {
        var (engine, output) = Create();
        engine.Apply(Play(0, 0));
        engine.Apply(Play(Timeout / 1000.0 + 60, 0));

        Assert.Equal(2, output.Opened);
        Assert.Equal([SessionCloseCause.Timeout], output.Closed);
    }

    [Fact]
    public void Apply_DuplicateLateAndOlderEvents_OpenNothing()
    {
        var (engine, output) = Create();
        engine.Apply(Play(0, 0));
        engine.Apply(Heartbeat(100, 100));
        engine.Apply(Heartbeat(100, 100));
        engine.Apply(Pause(50, 50));

        Assert.Equal(1, output.Opened);
        Assert.Empty(output.Closed);
    }

    [Fact]
    public void Flush_EveryOpenSession_ClosedOnce()
    {
        var (engine, output) = Create();
        engine.Apply(Play(0, 0));
        engine.Apply(At(0, PlayerEventKind.Play, 0, video: "video_002"));

        engine.Flush();
        engine.Flush();

        Assert.Equal(2, output.Opened);
        Assert.Equal(2, output.Closed.Count);
    }

    private static (EngagementEngine Engine, BoundaryOutput Output) Create()
    {
        var output = new BoundaryOutput();
        return (new EngagementEngine(EngagementOptions.Default, new DictionaryVideoCatalog(), output), output);
    }

    private sealed class BoundaryOutput : IEngagementOutput
    {
        public int Opened { get; private set; }

        public List<SessionCloseCause> Closed { get; } = [];

        public void OnCredited(in EngagementKey key, in CreditedInterval interval)
        {
        }

        public void OnRowChanged(in EngagementKey key)
        {
        }

        public void OnSessionOpened(in EngagementKey key) => Opened++;

        public void OnSessionClosed(in EngagementKey key, SessionCloseCause cause) => Closed.Add(cause);
    }
}
