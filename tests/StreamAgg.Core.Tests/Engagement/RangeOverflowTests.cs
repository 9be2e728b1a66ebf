using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Tests.Scenarios;
using Xunit;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>
/// Issue 16, item 5: nothing inside the accepted ranges (positions up to 10,000,000 s, rate 16,
/// the longest gap a session allows) gives a credit beyond the heatmap's per-second index.
/// </summary>
public sealed class RangeOverflowTests
{
    [Theory]
    [InlineData(1800)]
    [InlineData(31_536_000)]
    public void Apply_ExtremesOfEveryRange_CreditsStayWithinTheHeatmapIndex(double sessionTimeoutSeconds)
    {
        var options = EngagementOptions.Default with { SessionTimeout = TimeSpan.FromSeconds(sessionTimeoutSeconds) };
        var output = new RecordingOutput();
        var engine = new EngagementEngine(options, new DictionaryVideoCatalog(), output);
        double max = PlayerEventLimits.MaxPositionSeconds;
        long gapMs = (long)(sessionTimeoutSeconds * 1000);
        long t = EventTimestamp.MaxEpochMilliseconds - (3 * gapMs);

        // Playing at rate 16 from the last second, then the playhead jumps back after the
        // longest gap: the jump credits pos + gap × rate, with no duration to clamp it.
        engine.Apply(Event(t, PlayerEventKind.Play, max, rate: PlayerEventLimits.MaxPlaybackRate));
        engine.Apply(Event(t + gapMs, PlayerEventKind.Heartbeat, 0, rate: PlayerEventLimits.MaxPlaybackRate));
        engine.Apply(Event(t + (2 * gapMs), PlayerEventKind.Seek, max, from: max));
        engine.Flush();

        Assert.NotEmpty(output.Credits);
        Assert.All(output.Credits, c => Assert.InRange(c.Interval.End, c.Interval.Start, int.MaxValue - 1));
        Assert.Equal(max + (sessionTimeoutSeconds * PlayerEventLimits.MaxPlaybackRate), output.Credits.Max(c => c.Interval.End));
        EngagementRow row = engine.BuildAllRows().Single();
        Assert.Equal(t + (2 * gapMs), row.LastEventAtMs);
    }

    private static PlayerEvent Event(long ms, PlayerEventKind kind, double position, double? rate = null, double? from = null) => new()
    {
        UserId = "u",
        VideoId = "v",
        Kind = kind,
        TimestampMs = ms,
        CurrentTime = position,
        PlaybackRate = rate,
        FromTime = from,
    };
}
