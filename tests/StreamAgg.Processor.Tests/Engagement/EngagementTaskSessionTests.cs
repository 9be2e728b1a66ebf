using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Videos;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Testing.Scenarios;
using StreamAgg.Wire;
using static StreamAgg.Processor.Tests.Engagement.EventJson;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>
/// SEMANTICS.md §3 in streaming: <c>activeSession</c> is true while the latest session is open,
/// turns false once stream time passes last event + sessionTimeout, or the wall clock does on a
/// quiet partition, and an event continuing the session corrects the report.
/// </summary>
public sealed class EngagementTaskSessionTests
{
    private static readonly TimeSpan Timeout = EngagementOptions.Default.SessionTimeout;

    [Fact]
    public void Flush_SessionOpen_RowIsActive()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        PipeAnnWatching(driver);

        EngagementRow row = LatestRow(driver.Commit(), "ann");

        Assert.True(row.ActiveSession);
    }

    [Fact]
    public void AdvanceWallClock_QuietPartitionWithinTimeout_SessionStaysOpen()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        PipeAnnWatching(driver);
        driver.Commit();

        driver.AdvanceWallClock(Timeout - TimeSpan.FromSeconds(1));

        Assert.Empty(driver.Commit());
    }

    [Fact]
    public void AdvanceWallClock_QuietPartitionPastTimeout_NextCommitReportsSessionClosed()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        PipeAnnWatching(driver);
        EngagementRow open = LatestRow(driver.Commit(), "ann");

        driver.AdvanceWallClock(Timeout - TimeSpan.FromSeconds(1));
        driver.AdvanceWallClock(TimeSpan.FromSeconds(2));
        EngagementRow closed = LatestRow(driver.Commit(), "ann");

        Assert.False(closed.ActiveSession);
        Assert.True(closed.Version > open.Version);
        // Closing changes nothing else: nothing after the last event is credited.
        Assert.Equal("", RowComparison.Report([open], [closed]));
    }

    [Fact]
    public void Punctuate_StreamTimePastLastEventPlusTimeout_SessionClosed()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        PipeAnnWatching(driver);
        driver.PipeInput(Key("bob"), Event("bob", "v1", "video_play", AnnLast + Timeout, 0));
        IReadOnlyList<CapturedRecord> atTimeout = driver.Commit();
        driver.PipeInput(Key("bob"), Event("bob", "v1", "video_heartbeat", AnnLast + Timeout + TimeSpan.FromSeconds(1), 1));
        IReadOnlyList<CapturedRecord> pastTimeout = driver.Commit();

        Assert.True(LatestRow(atTimeout, "ann").ActiveSession);
        Assert.False(LatestRow(pastTimeout, "ann").ActiveSession);
        Assert.True(LatestRow(pastTimeout, "bob").ActiveSession);
    }

    [Fact]
    public void Process_EventContinuingAClosedSession_RowCorrectedAsIfNeverClosed()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        List<byte[]> ann = PipeAnnWatching(driver);
        driver.PipeInput(Key("bob"), Event("bob", "v1", "video_play", AnnLast + Timeout + TimeSpan.FromMinutes(1), 0));
        Assert.False(LatestRow(driver.Commit(), "ann").ActiveSession);

        // Twenty minutes after ann's last event: within the timeout, so the same session goes on.
        byte[] continuation = Event("ann", "v1", "video_heartbeat", AnnLast + TimeSpan.FromMinutes(20), 90 + 1200);
        driver.PipeInput(Key("ann"), continuation);
        EngagementRow corrected = LatestRow(driver.Commit(), "ann");

        Assert.True(corrected.ActiveSession);
        Assert.Equal(1, corrected.SessionCount);
        Assert.Equal(600, corrected.MaxPositionReached, 3);
        Assert.Equal("", RowComparison.Report([CoreRow([.. ann, continuation])], [corrected]));
        Assert.Empty(driver.ReadDeadLetters());
    }

    [Fact]
    public void Process_NewSessionAfterClose_CountsASecondSession()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        PipeAnnWatching(driver);
        driver.AdvanceWallClock(Timeout + TimeSpan.FromSeconds(1));
        Assert.False(LatestRow(driver.Commit(), "ann").ActiveSession);

        driver.PipeInput(Key("ann"), Event("ann", "v1", "video_play", AnnLast + Timeout + TimeSpan.FromMinutes(5), 0));
        EngagementRow reopened = LatestRow(driver.Commit(), "ann");

        Assert.True(reopened.ActiveSession);
        Assert.Equal(2, reopened.SessionCount);
    }

    [Fact]
    public void AdvanceWallClock_PartitionNotQuiet_WallClockAloneDoesNotClose()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        PipeAnnWatching(driver);
        // Events keep arriving (another key, old event times): the partition is not idle, so
        // only stream time may close ann's session, and it has not moved past the timeout.
        for (int i = 1; i <= 40; i++)
        {
            driver.Time.Advance(TimeSpan.FromMinutes(1));
            driver.PipeInput(Key("bob"), Event("bob", "v1", i == 1 ? "video_play" : "video_heartbeat", T0.AddSeconds(i), i));
        }

        Assert.True(LatestRow(driver.Commit(), "ann").ActiveSession);
    }

    private static readonly DateTimeOffset AnnLast = T0.AddSeconds(90);

    /// <summary>ann plays v1 from 0 for 90 s (heartbeats every 30 s); returns the events.</summary>
    private static List<byte[]> PipeAnnWatching(ProcessorTestDriver driver)
    {
        List<byte[]> events =
        [
            Event("ann", "v1", "video_play", T0, 0),
            Event("ann", "v1", "video_heartbeat", T0.AddSeconds(30), 30),
            Event("ann", "v1", "video_heartbeat", T0.AddSeconds(60), 60),
            Event("ann", "v1", "video_heartbeat", AnnLast, 90),
        ];
        foreach (byte[] e in events)
        {
            driver.PipeInput(Key("ann"), e);
        }

        return events;
    }

    private static EngagementRow LatestRow(IEnumerable<CapturedRecord> records, string userId) =>
        records.Where(r => r.Topic == TopicNames.Engagement)
            .Select(r => EngagementRowJson.Read(r.Value))
            .Last(r => r.UserId == userId);

    /// <summary>The pure core's row for the same events applied in order, nothing closed.</summary>
    private static EngagementRow CoreRow(IEnumerable<byte[]> events)
    {
        var parser = new PlayerEventParser();
        var engine = new EngagementEngine(EngagementOptions.Default, new VideoCatalog(), new IgnoredEngagementOutput());
        EngagementKey key = default;
        foreach (byte[] raw in events)
        {
            Assert.Equal(DeadLetterReason.None, parser.TryParse(raw, out PlayerEvent evt));
            Assert.Equal(EventOutcome.Applied, engine.Apply(evt));
            key = new EngagementKey(evt.UserId, evt.VideoId);
        }

        return engine.BuildRow(key);
    }
}
