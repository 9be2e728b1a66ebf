using StreamAgg.Simulator.Tests.Support;
using StreamAgg.Simulator.Workload;
using Xunit;

namespace StreamAgg.Simulator.Tests.Workload;

/// <summary>One sample of about half a day of a small audience, shared by the behaviour tests.</summary>
public sealed class ViewingSample
{
    public ViewingSample()
    {
        var generator = new WorkloadGenerator(
            new SimulationOptions { Viewers = 400, Videos = 80, Seed = 5, BadInputFraction = 0, DuplicateFraction = 0, OutOfOrderFraction = 0.01 },
            new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero));
        Videos = generator.Videos.ToDictionary(v => v.VideoId);
        Events = ParsedEvent.ByKeyInEventTime(RecordedMessage.Generate(generator, 150_000));
        Keys = Events.GroupBy(e => (e.UserId, e.VideoId)).Select(g => g.ToList()).ToList();
    }

    internal Dictionary<string, SimulatedVideo> Videos { get; }

    internal List<ParsedEvent> Events { get; }

    /// <summary>Each user+video's events in event-time order.</summary>
    internal List<List<ParsedEvent>> Keys { get; }

    /// <summary>Consecutive events of one key within one player session.</summary>
    internal IEnumerable<(ParsedEvent Previous, ParsedEvent Next)> Steps() =>
        Keys.SelectMany(key => key.Zip(key.Skip(1)))
            .Where(pair => pair.First.SessionId == pair.Second.SessionId && pair.Second.TimestampMs - pair.First.TimestampMs < 1_800_000);
}

public sealed class WorkloadGeneratorViewingTests(ViewingSample sample) : IClassFixture<ViewingSample>
{
    [Fact]
    public void Heartbeat_WhilePlaying_ComesEveryTenSecondsOfEventTime()
    {
        var gaps = sample.Steps().Where(s => s.Next.EventName == "video_heartbeat")
            .Select(s => s.Next.TimestampMs - s.Previous.TimestampMs).ToList();

        Assert.True(gaps.Count > 10_000, $"only {gaps.Count} heartbeats");
        Assert.All(gaps, gap => Assert.InRange(gap, 9_750, 10_250));
        Assert.All(sample.Steps().Where(s => s.Next.EventName == "video_heartbeat"),
            s => Assert.Contains(s.Previous.EventName, new[] { "video_play", "video_resume", "video_heartbeat", "video_seek" }));
    }

    [Fact]
    public void Heartbeat_Position_MostlyAdvancesByElapsedTimeTimesRate()
    {
        var heartbeats = sample.Steps().Where(s => s.Next.EventName == "video_heartbeat").ToList();

        int exact = heartbeats.Count(s => Math.Abs(Drift(s)) <= 0.002);
        int stalls = heartbeats.Count(s => Drift(s) < -0.5 && Drift(s) > -3.5);
        int skipsWithoutSeek = heartbeats.Count(s => Math.Abs(Drift(s)) > 4);

        Assert.True(exact > heartbeats.Count * 0.95, $"{exact} of {heartbeats.Count} heartbeats advance exactly");
        Assert.True(stalls > 0, "no buffering stall");
        Assert.True(skipsWithoutSeek > 0, "no skip without a seek event");
        // What is left are skips cut short at the start or the end of the video.
        Assert.True(exact + stalls + skipsWithoutSeek >= heartbeats.Count * 0.995);
    }

    [Fact]
    public void Sample_PausesAndResumes_Appear()
    {
        var steps = sample.Steps().ToList();

        Assert.Contains(steps, s => s.Previous.EventName == "video_pause" && s.Next.EventName == "video_resume"
            && s.Next.CurrentTime == s.Previous.CurrentTime);
        Assert.True(sample.Events.Count(e => e.EventName == "video_pause") > 100);
    }

    [Fact]
    public void Sample_Seeks_GoBothWaysMostlyWithFromTime()
    {
        var seeks = sample.Events.Where(e => e.EventName == "video_seek").ToList();

        Assert.Contains(seeks, e => e.FromTime < e.CurrentTime);
        Assert.Contains(seeks, e => e.FromTime > e.CurrentTime);
        Assert.Contains(seeks, e => e.FromTime is null);
        Assert.True(seeks.Count(e => e.FromTime is not null) > seeks.Count * 0.8);
    }

    [Fact]
    public void Sample_PlaybackRates_ChangeWithinSessions()
    {
        var rates = sample.Events.Select(e => e.Rate).ToHashSet();

        Assert.Equal(new HashSet<double> { 1, 1.25, 1.5, 2 }, rates);
        Assert.Contains(sample.Steps(), s => s.Next.EventName == "video_heartbeat" && s.Previous.EventName == "video_heartbeat"
            && s.Next.Rate != s.Previous.Rate);
    }

    [Fact]
    public void Sample_VideoEnd_ComesAtTheDuration()
    {
        var ends = sample.Events.Where(e => e.EventName == "video_end").ToList();

        Assert.True(ends.Count > 100);
        Assert.All(ends, e => Assert.Equal(sample.Videos[e.VideoId].DurationSeconds, e.CurrentTime));
        Assert.All(sample.Events, e => Assert.InRange(e.CurrentTime, 0, sample.Videos[e.VideoId].DurationSeconds));
    }

    [Fact]
    public void Sample_Replays_FollowCompletion()
    {
        Assert.Contains(sample.Steps(), s => s.Previous.EventName == "video_end" && s.Next.EventName == "video_play" && s.Next.CurrentTime == 0);
    }

    [Fact]
    public void Sample_BrowserCloses_EndSessionsWithoutAnEvent()
    {
        // A session that stops mid-video (last event neither an end nor a pause) and the viewer comes back later.
        var closed = sample.Keys.SelectMany(key => key.Zip(key.Skip(1)))
            .Where(pair => pair.First.SessionId != pair.Second.SessionId
                && pair.First.EventName is "video_heartbeat" or "video_play" or "video_resume")
            .ToList();

        Assert.NotEmpty(closed);
    }

    [Fact]
    public void Sample_ViewersReturn_InLaterSessionsResumingEarlierPositions()
    {
        var returning = sample.Keys.Where(key => key.Select(e => e.SessionId).Distinct().Count() >= 2).ToList();

        Assert.True(returning.Count > 20, $"{returning.Count} user+video pairs with several sessions");
        Assert.Contains(returning, key => key[^1].TimestampMs - key[0].TimestampMs > 3_600_000);
        Assert.Contains(sample.Keys.SelectMany(key => key.Zip(key.Skip(1))), pair =>
            pair.First.SessionId != pair.Second.SessionId && pair.Second.EventName == "video_play" && pair.Second.CurrentTime > 0
            && pair.Second.CurrentTime <= pair.First.CurrentTime);
    }

    [Fact]
    public void Sample_Viewers_SwitchVideosWithinOneSession()
    {
        var switches = sample.Events.Where(e => e.SessionId is not null)
            .GroupBy(e => (e.UserId, e.SessionId))
            .Count(session => session.Select(e => e.VideoId).Distinct().Count() > 1);

        Assert.True(switches > 10, $"{switches} sessions with several videos");
    }

    [Fact]
    public void Sample_SomePlayersSendNoSessionId()
    {
        Assert.Contains(sample.Events, e => e.SessionId is null);
        Assert.True(sample.Events.Count(e => e.SessionId is null) < sample.Events.Count / 10);
    }

    private static double Drift((ParsedEvent Previous, ParsedEvent Next) step)
    {
        double expected = (step.Next.TimestampMs - step.Previous.TimestampMs) / 1000.0 * step.Previous.Rate;
        return step.Next.CurrentTime - step.Previous.CurrentTime - expected;
    }
}
