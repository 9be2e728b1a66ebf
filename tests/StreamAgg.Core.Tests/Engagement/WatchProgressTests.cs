using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using Xunit;
using static StreamAgg.Core.Tests.Engagement.TestEvents;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>The crediting rules of SEMANTICS.md §3–4, one rule per test.</summary>
public sealed class WatchProgressTests
{
    [Fact]
    public void Apply_PlayingAndPlayheadMovesWithTime_CreditsPositionToCurrentTime()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), Heartbeat(10, 10));

        Assert.Equal([new CreditedInterval(0, 10, OriginMs)], h.Credits);
        Assert.Equal(10, row.TotalWatchTime);
        Assert.Equal(0, row.TotalForwardSkips + row.TotalBackwardSkips);
    }

    [Fact]
    public void Apply_StallWithinExpected_CreditsOnlyTheDistanceMoved()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), Heartbeat(10, 4));

        Assert.Equal(4, row.TotalWatchTime);
        Assert.Equal(0, row.TotalForwardSkips + row.TotalBackwardSkips);
    }

    [Fact]
    public void Apply_ForwardMoveWithinTolerance_IsNotAJump()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), Heartbeat(10, 12));

        Assert.Equal(12, row.TotalWatchTime);
        Assert.Equal(0, row.TotalForwardSkips);
    }

    [Fact]
    public void Apply_ForwardJumpBeyondExpectedPlusTolerance_CreditsExpectedAndCountsForwardSkip()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), Heartbeat(10, 12.5));

        Assert.Equal([new CreditedInterval(0, 10, OriginMs)], h.Credits);
        Assert.Equal(1, row.TotalForwardSkips);
        Assert.Equal(10, row.MaxPositionReached);
    }

    [Fact]
    public void Apply_PlayheadMovesBackWhilePlaying_CreditsExpectedAndCountsBackwardSkip()
    {
        // §4a: any d < 0 is a jump, whatever its size (scenario 11 depends on this literal reading).
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 50), Heartbeat(10, 49));

        Assert.Equal([new CreditedInterval(50, 60, OriginMs)], h.Credits);
        Assert.Equal(1, row.TotalBackwardSkips);
        Assert.Equal(0, row.TotalForwardSkips);
    }

    [Fact]
    public void Apply_PlaybackRate_ScalesExpectedUntilTheNextRate()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0, rate: 2), Heartbeat(10, 20), Heartbeat(20, 30), Heartbeat(30, 45));

        // 0→20 at rate 2, 20→30 at rate 2 (rate of the previous event), then rate 1: 30→45 is a jump.
        Assert.Equal(40, row.TotalWatchTime);
        Assert.Equal(1, row.TotalForwardSkips);
    }

    [Fact]
    public void Apply_SeekWithFromTimeWhilePlaying_CreditsUpToFromTimeAndCountsTheSeek()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), Seek(5, 200, from: 5), Heartbeat(15, 210), Seek(20, 100, from: 215));

        Assert.Equal([new CreditedInterval(0, 5, OriginMs), new CreditedInterval(200, 210, OriginMs + 5000), new CreditedInterval(210, 215, OriginMs + 15000)], h.Credits);
        Assert.Equal(1, row.TotalForwardSkips);
        Assert.Equal(1, row.TotalBackwardSkips);
    }

    [Fact]
    public void Apply_SeekWithoutFromTimeWhilePlaying_IsAJumpOfStepA()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), Seek(5, 200));

        Assert.Equal([new CreditedInterval(0, 5, OriginMs)], h.Credits);
        Assert.Equal(1, row.TotalForwardSkips);
    }

    [Fact]
    public void Apply_SeekWhilePaused_CountsSkipFromPositionAndKeepsPaused()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), Pause(10, 10), Seek(20, 100, from: 50), Heartbeat(30, 100));

        // While paused the skip is currentTime − pos (100 − 10), not currentTime − fromTime; the
        // seek keeps the paused mode, so the seek→heartbeat stretch credits nothing.
        Assert.Equal(10, row.TotalWatchTime);
        Assert.Equal(1, row.TotalForwardSkips);
    }

    [Fact]
    public void Apply_ResumeAtOtherPositionWhileNotPlaying_CountsSkipBeyondToleranceOnly()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), Pause(10, 10), Resume(20, 12), Pause(30, 22), Resume(40, 19.5));

        Assert.Equal(0, row.TotalForwardSkips);
        Assert.Equal(1, row.TotalBackwardSkips);
    }

    [Fact]
    public void Apply_PauseCounts_OnlyWhenPlaying()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Pause(0, 0), Play(1, 0), Pause(11, 10), Pause(12, 10));

        Assert.Equal(1, row.TotalPauses);
        Assert.Equal(1.0, row.AvgPausesPerSession);
    }

    [Fact]
    public void Apply_DurationKnown_ClampsCreditToDuration()
    {
        var h = new Harness(duration: 100);
        EngagementRow row = h.Run(Play(0, 90), Heartbeat(20, 110));

        Assert.Equal([new CreditedInterval(90, 100, OriginMs)], h.Credits);
        Assert.Equal(100, row.MaxPositionReached);
        Assert.Contains("position_beyond_duration", row.QualityFlags);
    }

    [Fact]
    public void Apply_DurationUnknown_DoesNotClamp()
    {
        var h = new Harness(duration: null);
        EngagementRow row = h.Run(Play(0, 90), Heartbeat(20, 110));

        Assert.Equal(20, row.TotalWatchTime);
        Assert.Null(row.WatchPercentage);
        Assert.Equal(["missing_duration"], row.QualityFlags);
        Assert.Equal("Unknown", row.EngagementTier);
    }

    [Fact]
    public void Apply_CreditReachesCompletionThreshold_CountsOneCompletionPerPass()
    {
        var h = new Harness(duration: 100);
        EngagementRow row = h.Run(Play(0, 0), Heartbeat(95, 95), Heartbeat(99, 99), End(100, 100));

        Assert.Equal(1, row.CompletionCount);
    }

    [Fact]
    public void Apply_CreditBelowThreshold_DoesNotComplete()
    {
        var h = new Harness(duration: 100);
        EngagementRow row = h.Run(Play(0, 0), Pause(94, 94));

        Assert.Equal(0, row.CompletionCount);
    }

    [Fact]
    public void Apply_VideoEndWithDurationUnknown_CompletesThePass()
    {
        var h = new Harness(duration: null);
        EngagementRow row = h.Run(Play(0, 0), End(30, 30));

        Assert.Equal(1, row.CompletionCount);
    }

    [Fact]
    public void Apply_PlayAtStartAfterCompletion_CountsReplayAndNewPassWithoutSkip()
    {
        var h = new Harness(duration: 100);
        EngagementRow row = h.Run(Play(0, 0), End(100, 100), Play(105, 3), End(202, 100));

        Assert.Equal(1, row.ReplayCount);
        Assert.Equal(2, row.CompletionCount);
        Assert.Equal(0, row.TotalBackwardSkips);
        Assert.Equal(197, row.TotalWatchTime);
    }

    [Fact]
    public void Apply_PlayAfterReplayStartOnceCompleted_IsASkipNotAReplay()
    {
        var h = new Harness(duration: 100);
        EngagementRow row = h.Run(Play(0, 0), End(100, 100), Play(105, 6));

        Assert.Equal(0, row.ReplayCount);
        Assert.Equal(1, row.TotalBackwardSkips);
    }

    [Fact]
    public void Apply_PauseAtStartAfterCompletion_IsNotAReplay()
    {
        var h = new Harness(duration: 100);
        EngagementRow row = h.Run(Play(0, 0), End(100, 100), Pause(105, 0));

        Assert.Equal(0, row.ReplayCount);
    }

    [Fact]
    public void Apply_GapBeyondSessionTimeout_StartsNewStoppedSessionCreditingNothingInTheGap()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), Heartbeat(10, 10), Heartbeat(1811, 20), Heartbeat(1821, 30));

        Assert.Equal(2, row.SessionCount);
        Assert.Equal(20, row.TotalWatchTime);
        Assert.Equal(0, row.TotalForwardSkips);
    }

    [Fact]
    public void Apply_GapExactlySessionTimeout_ContinuesTheSession()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), Pause(10, 10), Resume(1810, 10));

        Assert.Equal(1, row.SessionCount);
    }

    [Fact]
    public void Apply_SessionIdChanges_StartsNewSession()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), At(10, PlayerEventKind.Heartbeat, 10, session: "s2"));

        Assert.Equal(2, row.SessionCount);
        Assert.Equal(0, row.TotalWatchTime);
    }

    [Fact]
    public void Apply_SessionIdOnOneEventOnly_DoesNotSplit()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), At(10, PlayerEventKind.Heartbeat, 10, session: null), At(20, PlayerEventKind.Heartbeat, 20, session: "s2"));

        Assert.Equal(1, row.SessionCount);
        Assert.Equal(20, row.TotalWatchTime);
    }

    [Fact]
    public void Apply_VideoEnd_StopsCrediting()
    {
        var h = new Harness();
        EngagementRow row = h.Run(Play(0, 0), End(10, 10), Heartbeat(20, 20));

        // The heartbeat after the end is "while not playing": a skip of 10, no credit.
        Assert.Equal(10, row.TotalWatchTime);
        Assert.Equal(1, row.TotalForwardSkips);
    }
}
