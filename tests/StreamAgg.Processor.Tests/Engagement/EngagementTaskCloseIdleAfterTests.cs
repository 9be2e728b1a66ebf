using StreamAgg.Wire;
using StreamAgg.Core.Engagement;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Testing.Scenarios;
using static StreamAgg.Processor.Tests.Engagement.EventJson;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>
/// The processor's <c>--close-idle-after</c>: a partition with no new input for that long on the
/// wall clock has every open session closed, long before the session timeout would close them.
/// </summary>
public sealed class EngagementTaskCloseIdleAfterTests
{
    private static readonly TimeSpan CloseIdleAfter = TimeSpan.FromSeconds(60);

    [Fact]
    public void AdvanceWallClock_QuietForCloseIdleAfter_EverySessionClosesWithNothingElseChanged()
    {
        using var driver = ProcessorTestDriver.ForEngagement(closeIdleAfter: CloseIdleAfter);
        PipeWatching(driver, "ann", "v1");
        PipeWatching(driver, "bob", "v2");
        var open = Rows(driver.Commit());

        driver.AdvanceWallClock(CloseIdleAfter);
        var closed = Rows(driver.Commit());

        Assert.All(open.Values, r => Assert.True(r.ActiveSession));
        Assert.Equal(["ann", "bob"], closed.Keys.Order());
        Assert.All(closed.Values, r => Assert.False(r.ActiveSession));
        // Closing changes nothing else: nothing after the last event is credited.
        Assert.Equal("", RowComparison.Report(open.Values.ToList(), closed.Values.ToList()));
    }

    [Fact]
    public void AdvanceWallClock_QuietForLessThanCloseIdleAfter_SessionsStayOpen()
    {
        using var driver = ProcessorTestDriver.ForEngagement(closeIdleAfter: CloseIdleAfter);
        PipeWatching(driver, "ann", "v1");
        driver.Commit();

        driver.AdvanceWallClock(CloseIdleAfter - TimeSpan.FromSeconds(1));

        Assert.Empty(driver.Commit());
    }

    [Fact]
    public void AdvanceWallClock_OptionOff_SessionsStayOpenUntilTheSessionTimeout()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        PipeWatching(driver, "ann", "v1");
        driver.Commit();

        driver.AdvanceWallClock(CloseIdleAfter);

        Assert.Empty(driver.Commit());
    }

    [Fact]
    public void AdvanceWallClock_QuietForCloseIdleAfter_PendingCreditsReachTheHeatmap()
    {
        using var driver = ProcessorTestDriver.ForEngagement(closeIdleAfter: CloseIdleAfter);
        PipeWatching(driver, "ann", "v1");
        driver.Commit();

        driver.AdvanceWallClock(CloseIdleAfter);
        var atClose = driver.Commit().Count(r => r.Topic == TopicNames.HeatmapDeltas);

        // The last events were inside the lateness window: only the close makes them final.
        Assert.Equal(1, atClose);
    }

    /// <summary>The user plays the video from 0 for 90 s (heartbeats every 30 s), all within one minute of wall clock.</summary>
    private static void PipeWatching(ProcessorTestDriver driver, string user, string video)
    {
        driver.PipeInput(Key(user), Event(user, video, "video_play", T0, 0));
        driver.PipeInput(Key(user), Event(user, video, "video_heartbeat", T0.AddSeconds(30), 30));
        driver.PipeInput(Key(user), Event(user, video, "video_heartbeat", T0.AddSeconds(60), 60));
        driver.PipeInput(Key(user), Event(user, video, "video_heartbeat", T0.AddSeconds(90), 90));
    }

    private static Dictionary<string, EngagementRow> Rows(IEnumerable<CapturedRecord> records) =>
        records.Where(r => r.Topic == TopicNames.Engagement)
            .Select(r => EngagementRowJson.Read(r.Value))
            .GroupBy(r => r.UserId)
            .ToDictionary(g => g.Key, g => g.Last());
}
