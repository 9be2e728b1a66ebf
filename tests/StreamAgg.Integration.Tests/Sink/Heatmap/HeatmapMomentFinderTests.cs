using StreamAgg.Sink.Heatmap;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.Heatmap.KnownMomentsTraffic;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>Key moments found in heatmaps the real core credits from constructed traffic (<see cref="KnownMomentsTraffic"/>).</summary>
public sealed class HeatmapMomentFinderTests
{
    [Fact]
    public void Find_TrafficWithKnownMoments_FindsEachAtItsSecondWithItsSize()
    {
        var heatmap = new KnownMomentsTraffic().Heatmap();

        var found = HeatmapMomentFinder.Find(heatmap);

        Assert.True(found.Enough);
        Assert.Equal(1000, found.StartViewers);
        var intro = Assert.IsType<HeatmapMoment>(found.IntroDrop);
        Assert.Equal(IntroDropSecond, intro.Second);
        // A quarter leave at the intro drop (drawn: within a few points), and nobody else before 31 s.
        Assert.InRange(intro.Share, 0.22, 0.28);
        Assert.Equal(heatmap[0].Viewers - heatmap[30].Viewers, intro.Size);

        Assert.Equal(
            [(HeatmapMomentKind.Dip, SkipFrom), (HeatmapMomentKind.Rewatch, RewatchFrom), (HeatmapMomentKind.Dip, DipSecond), (HeatmapMomentKind.JumpIn, SkipTo)],
            found.Moments.Select(m => (m.Kind, m.Second)));
        var (skipAway, rewatch, dip, jumpIn) = (found.Moments[0], found.Moments[1], found.Moments[2], found.Moments[3]);
        // The skippers leave at 40 and arrive at 200: the same viewers, about 7.5 % of the start.
        var skippers = heatmap.Single(s => s.Second == SkipTo).Viewers - heatmap.Single(s => s.Second == SkipTo - 1).Viewers;
        Assert.InRange(skippers, 55, 95);
        Assert.InRange(jumpIn.Size, skippers - 5, skippers + 5);
        Assert.InRange(skipAway.Size, skippers - 5, skippers + 5);
        // The rewatch covers exactly the seconds watched twice, and its size is the rewatchers.
        Assert.Equal((RewatchFrom, 99), (rewatch.FromSecond, rewatch.ToSecond));
        Assert.Equal(heatmap.Single(s => s.Second == RewatchFrom).Plays - heatmap.Single(s => s.Second == RewatchFrom).Viewers, rewatch.Size);
        Assert.InRange(rewatch.Share, 0.12, 0.22);
        // The dip: the viewers gone at 150 less the usual second's departures (about one a second here).
        Assert.Equal((DipSecond, DipSecond), (dip.FromSecond, dip.ToSecond));
        var goneAtDip = heatmap.Single(s => s.Second == DipSecond - 1).Viewers - heatmap.Single(s => s.Second == DipSecond).Viewers;
        Assert.InRange(dip.Size, goneAtDip - 3, goneAtDip - 1);
        Assert.InRange(dip.Share, 0.07, 0.16);
    }

    [Fact]
    public void Find_OnlyGradualDepartures_FindsNoMomentButTheIntro()
    {
        var heatmap = new KnownMomentsTraffic { IntroLeavers = 0, Skippers = 0, Rewatchers = 0, DipLeavers = 0 }.Heatmap();

        var found = HeatmapMomentFinder.Find(heatmap);

        Assert.True(found.Enough);
        Assert.Empty(found.Moments);
        Assert.Equal(0, found.IntroDrop!.Size);
    }

    [Fact]
    public void Find_SmallAudience_ReportsNothing()
    {
        // The same shape with 40 viewers: a few viewers' choices are not moments.
        var heatmap = new KnownMomentsTraffic { Viewers = 40 }.Heatmap();

        var found = HeatmapMomentFinder.Find(heatmap);

        Assert.False(found.Enough);
        Assert.Equal(40, found.StartViewers);
        Assert.Null(found.IntroDrop);
        Assert.Empty(found.Moments);
    }

    [Fact]
    public void Find_ThresholdsLowered_ReportsMomentsOfASmallAudience()
    {
        var heatmap = new KnownMomentsTraffic { Viewers = 40 }.Heatmap();

        var found = HeatmapMomentFinder.Find(heatmap, new HeatmapMomentOptions { MinStartViewers = 10 });

        Assert.True(found.Enough);
        Assert.Equal(IntroDropSecond, found.IntroDrop!.Second);
    }
}
