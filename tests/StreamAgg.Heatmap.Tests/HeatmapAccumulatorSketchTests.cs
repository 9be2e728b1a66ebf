using StreamAgg.Hll;

namespace StreamAgg.Heatmap.Tests;

/// <summary>
/// The accumulator keeps a second's viewers in its own set until the explicit threshold; what it
/// reports must be exactly what one sketch fed every viewer directly would say and serialize.
/// </summary>
public sealed class HeatmapAccumulatorSketchTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(700)]
    [InlineData(1280)]
    [InlineData(1281)]
    [InlineData(5000)]
    public void DrainDeltas_ViewersInAnyOrderWithRepeats_SameBytesAsOneSketchFedDirectly(int viewers)
    {
        var heatmap = new HeatmapAccumulator();
        var direct = new HllSketch();
        var random = new Random(viewers);
        foreach (int i in Enumerable.Range(0, viewers).Concat(Enumerable.Range(0, viewers / 3)).OrderBy(_ => random.Next()))
        {
            heatmap.Credit("v", Day, "user" + i, 0, 2);
            direct.Add(heatmap.ViewerHash("user" + i, Day));
        }

        HeatmapDelta delta = heatmap.DrainDeltas().Single();

        Assert.Equal(2, delta.Seconds.Count);
        Assert.All(delta.Seconds, s => Assert.Equal(direct.ToBytes(), s.Viewers.ToBytes()));
        long expected = (long)Math.Round(direct.Cardinality(), MidpointRounding.AwayFromZero);
        Assert.Equal([expected, expected], heatmap.Rows().Select(r => r.Viewers));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    public void Credit_SmallExplicitThreshold_PromotesAsTheSketchWould(long threshold)
    {
        var settings = new HllSettings(11, 5, threshold, sparseEnabled: true);
        var heatmap = new HeatmapAccumulator(settings, saltSecret: null);
        var direct = new HllSketch(settings);
        for (int i = 0; i < 40; i++)
        {
            heatmap.Credit("v", Day, "user" + i, 3.5, 4);
            direct.Add(heatmap.ViewerHash("user" + i, Day));
        }

        HeatmapSecondDelta second = heatmap.DrainDeltas().Single().Seconds.Single();

        Assert.Equal(3, second.Second);
        Assert.Equal(40, second.Plays);
        Assert.Equal(direct.Representation, second.Viewers.Representation);
        Assert.Equal(direct.ToBytes(), second.Viewers.ToBytes());
        Assert.Equal((long)Math.Round(direct.Cardinality(), MidpointRounding.AwayFromZero), heatmap.Rows().Single().Viewers);
    }
}
