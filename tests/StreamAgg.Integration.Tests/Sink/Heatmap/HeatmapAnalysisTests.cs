using StreamAgg.Sink.Heatmap;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

public sealed class HeatmapAnalysisTests
{
    private static readonly HeatmapSecond[] Curve =
    [
        new(0, 200, 210), new(1, 180, 190), new(2, 178, 180), new(3, 100, 100), new(4, 98, 98),
        new(5, 97, 97), new(7, 90, 90), new(8, 40, 40),
    ];

    [Fact]
    public void RetentionCurve_Seconds_AreSharesOfTheFirstSecondsViewers()
    {
        var curve = HeatmapAnalysis.RetentionCurve(Curve);

        Assert.Equal([1.0, 0.9, 0.89, 0.5, 0.49, 0.485, 0.45, 0.2], curve.Select(p => p.Share));
        Assert.Equal(Curve.Select(s => s.Second), curve.Select(p => p.Second));
    }

    [Fact]
    public void RetentionCurve_NoViewersAtTheStart_IsEmpty()
    {
        Assert.Empty(HeatmapAnalysis.RetentionCurve([new(0, 0, 1), new(1, 5, 5)]));
        Assert.Empty(HeatmapAnalysis.RetentionCurve([]));
    }

    [Fact]
    public void LargestDropoffs_ConsecutiveSeconds_LargestFirstAndAMissingSecondCountsAsZero()
    {
        var drops = HeatmapAnalysis.LargestDropoffs(Curve, top: 3);

        // 2→3 loses 78, 5→6 loses 97 (nobody watched second 6), 7→8 loses 50.
        Assert.Equal([(5, 6, 97L), (2, 3, 78L), (7, 8, 50L)], drops.Select(d => (d.FromSecond, d.ToSecond, d.Lost)));
        Assert.Equal(97 / 200.0, drops[0].ShareOfStart);
    }

    [Fact]
    public void LargestDropoffs_Window_SkipsWindowsOverlappingALargerOne()
    {
        var drops = HeatmapAnalysis.LargestDropoffs(Curve, top: 2, window: 3);

        // Windows: 0→3 −100, 1→4 −82, 2→5 −81, 3→6 −100, 4→7 −8, 5→8 −57; 0→3 wins its tie,
        // 3→6 touches but does not overlap it.
        Assert.Equal([(0, 3, 100L), (3, 6, 100L)], drops.Select(d => (d.FromSecond, d.ToSecond, d.Lost)));
    }

    [Fact]
    public void LargestDropoffs_NoLosses_IsEmpty()
    {
        Assert.Empty(HeatmapAnalysis.LargestDropoffs([new(0, 5, 5), new(1, 6, 6)], top: 5));
    }
}
