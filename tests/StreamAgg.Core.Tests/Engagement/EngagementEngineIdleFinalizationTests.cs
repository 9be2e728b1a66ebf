using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using Xunit;
using static StreamAgg.Core.Tests.Engagement.TestEvents;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>Streaming's close of a quiet key: its pending credits become final then, not never.</summary>
public sealed class EngagementEngineIdleFinalizationTests
{
    private const long Timeout = 1_800_000;

    [Fact]
    public void CloseIdleSessions_WithoutFinalizing_LeavesTheLastCreditsPending()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10), Pause(20, 20));

        Assert.Equal(1, h.Engine.CloseIdleSessions(OriginMs + 20_001 + Timeout));

        Assert.Empty(h.Credits);
        Assert.Equal(20, h.Row().TotalWatchTime, 3);
    }

    [Fact]
    public void CloseIdleSessions_Finalizing_ReportsThePendingCreditsOnce()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10), Pause(20, 20));

        Assert.Equal(0, h.Engine.CloseIdleSessions(OriginMs + 20_000 + Timeout, finalizePending: true));
        Assert.Empty(h.Credits);
        Assert.Equal(1, h.Engine.CloseIdleSessions(OriginMs + 20_001 + Timeout, finalizePending: true));

        Assert.Equal(20, h.Credits.Sum(c => c.Length), 3);
        Assert.False(h.Row().ActiveSession);
        Assert.Equal(0, h.Engine.CloseIdleSessions(OriginMs + 40_000 + Timeout, finalizePending: true));
        Assert.Equal(20, h.Credits.Sum(c => c.Length), 3);
    }

    [Fact]
    public void CloseIdleSessions_Finalizing_ThenOlderEventIsLate_NewerEventStartsASession()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(100, 100));
        h.Engine.CloseIdleSessions(OriginMs + 100_001 + Timeout, finalizePending: true);

        Assert.Equal([EventOutcome.Late], h.Apply(Pause(50, 50)));
        Assert.Equal([EventOutcome.Applied], h.Apply(Play(4000, 100)));
        Assert.True(h.Row().ActiveSession);
        Assert.Equal(2, h.Row().SessionCount);
    }
}
