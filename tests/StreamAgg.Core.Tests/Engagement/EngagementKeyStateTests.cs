using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Videos;
using Xunit;
using static StreamAgg.Core.Tests.Engagement.TestEvents;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>Duplicates, lateness, ordering and finality (SEMANTICS.md §2, §6).</summary>
public sealed class EngagementKeyStateTests
{
    [Fact]
    public void Apply_SameEventIdTwice_SecondIsDuplicateAndCounted()
    {
        var h = new Harness();
        List<EventOutcome> outcomes = h.Apply(At(0, PlayerEventKind.Play, 0, eventId: 7), At(10, PlayerEventKind.Heartbeat, 10, eventId: 7));

        Assert.Equal([EventOutcome.Applied, EventOutcome.Duplicate], outcomes);
        EngagementRow row = h.Row();
        Assert.Equal(1, row.DuplicateEventsDropped);
        Assert.Equal(1, row.EventsApplied);
        Assert.Equal(["duplicates_dropped"], row.QualityFlags);
    }

    [Fact]
    public void Apply_SameTupleWithoutEventId_IsDuplicate()
    {
        var h = new Harness();
        List<EventOutcome> outcomes = h.Apply(Play(0, 0), Heartbeat(10, 10), Heartbeat(10, 10));

        Assert.Equal([EventOutcome.Applied, EventOutcome.Applied, EventOutcome.Duplicate], outcomes);
    }

    [Theory]
    [InlineData(10.0, PlayerEventKind.Heartbeat, 11.0, "s1")]
    [InlineData(10.0, PlayerEventKind.Pause, 10.0, "s1")]
    [InlineData(10.001, PlayerEventKind.Heartbeat, 10.0, "s1")]
    [InlineData(10.0, PlayerEventKind.Heartbeat, 10.0, null)]
    public void Apply_TupleDiffersInOneField_IsNotDuplicate(double seconds, PlayerEventKind kind, double position, string? session)
    {
        var h = new Harness();
        h.Apply(Heartbeat(10, 10));

        Assert.Equal(EventOutcome.Applied, h.Engine.Apply(At(seconds, kind, position, session: session)));
    }

    [Fact]
    public void Apply_SameTupleButDistinctEventIds_AreNotDuplicates()
    {
        var h = new Harness();
        List<EventOutcome> outcomes = h.Apply(At(0, PlayerEventKind.Play, 0, eventId: 1), At(0, PlayerEventKind.Play, 0, eventId: 2));

        Assert.Equal([EventOutcome.Applied, EventOutcome.Applied], outcomes);
    }

    [Fact]
    public void Apply_OlderThanMaxMinusLateness_IsLateAndCounted()
    {
        var h = new Harness();
        List<EventOutcome> outcomes = h.Apply(Play(0, 0), Pause(100, 100), Heartbeat(39.999, 40), Heartbeat(40, 40));

        Assert.Equal([EventOutcome.Applied, EventOutcome.Applied, EventOutcome.Late, EventOutcome.Applied], outcomes);
        EngagementRow row = h.Row();
        Assert.Equal(1, row.LateEventsDropped);
        Assert.Contains("late_events_dropped", row.QualityFlags);
    }

    [Fact]
    public void Apply_RepeatOfLateEvent_IsDuplicateNotLate()
    {
        var h = new Harness();
        List<EventOutcome> outcomes = h.Apply(Play(0, 0), Pause(100, 100), Heartbeat(10, 10), Heartbeat(10, 10));

        Assert.Equal([EventOutcome.Applied, EventOutcome.Applied, EventOutcome.Late, EventOutcome.Duplicate], outcomes);
    }

    [Fact]
    public void Apply_RepeatOfOldAppliedEvent_IsDuplicateEvenBeyondTheWindow()
    {
        var h = new Harness();
        List<EventOutcome> outcomes = h.Apply(Play(0, 0), Pause(100, 100), Play(0, 0));

        Assert.Equal(EventOutcome.Duplicate, outcomes[2]);
    }

    [Fact]
    public void Apply_OutOfOrderWithinWindow_GivesTheSortedResult()
    {
        PlayerEvent[] sorted = [Play(0, 0), Pause(10, 10), Heartbeat(20, 20), Resume(30, 10), Pause(50, 30)];
        var inOrder = new Harness();
        var shuffled = new Harness();

        EngagementRow expected = inOrder.Run(sorted);
        EngagementRow actual = shuffled.Run(sorted[0], sorted[2], sorted[4], sorted[1], sorted[3]);

        Assert.Equal(expected with { Version = 0 }, actual with { Version = 0, QualityFlags = expected.QualityFlags });
        Assert.Equal(inOrder.Credits, shuffled.Credits);
    }

    [Fact]
    public void Apply_EqualTimestamps_ApplyInArrivalOrder()
    {
        var first = new Harness();
        var second = new Harness();

        EngagementRow pauseFirst = first.Run(Play(0, 0), Pause(10, 10), Heartbeat(10, 10), Pause(20, 20));
        EngagementRow heartbeatFirst = second.Run(Play(0, 0), Heartbeat(10, 10), Pause(10, 10), Pause(20, 20));

        Assert.Equal(20, pauseFirst.TotalWatchTime);
        Assert.Equal(2, pauseFirst.TotalPauses);
        Assert.Equal(10, heartbeatFirst.TotalWatchTime);
        Assert.Equal(1, heartbeatFirst.TotalPauses);
    }

    [Fact]
    public void Apply_EventsWithinLateness_AreNotCreditedToTheHeatmapYet()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10), Heartbeat(20, 20));

        Assert.Empty(h.Credits);
        Assert.Equal(20, h.Row().TotalWatchTime);
    }

    [Fact]
    public void Apply_EventBecomesFinal_WhenAtOrBeforeMaxMinusLateness()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10), Heartbeat(70, 70));

        // Play@0 and Heartbeat@10 are final (10 ≤ 70 − 60): the [0,10) credit is reported; [10,70)
        // is credited by Heartbeat@70, still pending.
        Assert.Equal([new CreditedInterval(0, 10, OriginMs)], h.Credits);
        Assert.Equal(70, h.Row().TotalWatchTime);
    }

    [Fact]
    public void Apply_OutOfOrderArrival_LeavesNoWrongCreditBehind()
    {
        var h = new Harness();
        // Without the pause at 10 the heartbeat at 20 would credit [0,20); with it, [0,10) only.
        h.Apply(Play(0, 0), Heartbeat(20, 20), Pause(10, 10), Heartbeat(200, 30));
        h.Engine.Flush();

        Assert.Equal([new CreditedInterval(0, 10, OriginMs), new CreditedInterval(20, 30, OriginMs + 20000)], h.Credits);
    }

    [Fact]
    public void Flush_PendingEvents_AreCreditedExactlyOnce()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10), Heartbeat(70, 70), Heartbeat(80, 80));
        h.Engine.Flush();
        h.Engine.Flush();

        Assert.Equal(80, h.Credits.Sum(c => c.Length));
        Assert.Equal(80, h.Row().UniqueSecondsWatched);
    }

    [Fact]
    public void Flush_ThenOlderEvent_IsLate()
    {
        var h = new Harness();
        h.Apply(Play(0, 0), Heartbeat(10, 10));
        h.Engine.Flush();

        Assert.Equal(EventOutcome.Late, h.Engine.Apply(Heartbeat(5, 5)));
        Assert.Equal(EventOutcome.Applied, h.Engine.Apply(Heartbeat(10, 12)));
    }

    [Fact]
    public void Row_FirstAndLastEventAt_AreEarliestAndLatestApplied()
    {
        var h = new Harness();
        h.Apply(Heartbeat(20, 20), Play(0, 0), Pause(30, 30), Heartbeat(-100, 0));

        EngagementRow row = h.Row();
        Assert.Equal(OriginMs, row.FirstEventAtMs);
        Assert.Equal(OriginMs + 30000, row.LastEventAtMs);
    }

    [Fact]
    public void Row_Version_GrowsWithEveryUpdate()
    {
        var h = new Harness();
        h.Apply(Play(0, 0));
        long v1 = h.Row().Version;
        h.Apply(Play(0, 0));
        long v2 = h.Row().Version;
        h.Engine.CloseIdleSessions(OriginMs + 3_600_000);
        long v3 = h.Row().Version;

        Assert.True(v1 < v2 && v2 < v3, $"{v1} < {v2} < {v3}");
    }

    [Fact]
    public void Row_MetadataWins_OverEventDurationAndTitle()
    {
        var h = new Harness(duration: 300);
        h.Apply(At(0, PlayerEventKind.Play, 0, duration: 100, title: "From event"), End(100, 100));

        EngagementRow row = h.Row();
        Assert.Equal(300, row.VideoDuration);
        Assert.Equal("Intro to Streams", row.VideoTitle);
        Assert.Equal(100.0 / 3, row.WatchPercentage!.Value, 9);
    }

    [Fact]
    public void Row_NoMetadata_UsesLatestEventValueOfThisKey()
    {
        var h = new Harness(duration: null);
        h.Apply(At(0, PlayerEventKind.Play, 0, duration: 100, title: "First"), At(10, PlayerEventKind.Heartbeat, 10, duration: 120, title: "Second"), Heartbeat(20, 20));

        EngagementRow row = h.Row();
        Assert.Equal(120, row.VideoDuration);
        Assert.Equal("Second", row.VideoTitle);
        Assert.Empty(row.QualityFlags);
    }

    [Fact]
    public void Row_MetadataArrivingLater_AppliesToTheRowNotToFinalCredits()
    {
        var h = new Harness(duration: null);
        h.Apply(Play(0, 90), Heartbeat(20, 110), Heartbeat(100, 190));
        h.Catalog.Add(new VideoMetadata("video_001", "Late title", 100));

        EngagementRow row = h.Row();
        Assert.Equal(100, row.VideoDuration);
        Assert.Equal("Late title", row.VideoTitle);
        // [90,110) was final before the duration was known: not clamped. [110,190) is clamped away.
        Assert.Equal(20, row.TotalWatchTime);
    }

    [Fact]
    public void Row_PercentagesAndScore_FollowSection5()
    {
        var h = new Harness(duration: 300);
        EngagementRow row = h.Run(Play(0, 0), Pause(30, 30), Resume(35, 30), Pause(125, 120), Resume(130, 110), Pause(140, 120));

        Assert.Equal(130, row.TotalWatchTime);
        Assert.Equal(120, row.UniqueSecondsWatched);
        Assert.Equal(43.333333, row.WatchPercentage!.Value, 5);
        Assert.Equal(40, row.UniqueWatchPercentage!.Value, 9);
        Assert.Equal(40, row.CompletionPercentage!.Value, 9);
        Assert.Equal(34.0, row.EngagementScore);
        Assert.Equal("Low", row.EngagementTier);
        Assert.Equal(3.0, row.AvgPausesPerSession);
    }
}
