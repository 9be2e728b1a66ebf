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

    [Theory]
    [InlineData(300, 3, 90, 1)]
    [InlineData(8000, 1, 40, 2)]
    [InlineData(40_000, 1, 5000, 3)]
    public void Rows_TotalsOnly_SameAsTotalsKeptWithDeltas(int viewers, int videoDays, int spread, int seed)
    {
        // Totals alone count viewers from their covered ranges; with deltas every second keeps
        // a set. Overlapping, touching, repeated and scattered intervals; with 8000 viewers over
        // 40 seconds most seconds pass the explicit threshold, with 40,000 viewers over 5000
        // seconds the ranges pass the coverage's cap.
        var totals = new HeatmapAccumulator(HllSettings.Default, saltSecret: null, HeatmapTracking.Totals);
        var both = new HeatmapAccumulator();
        var random = new Random(seed);
        for (int i = 0; i < viewers * 2; i++)
        {
            string user = "user" + random.Next(viewers);
            int videoDay = random.Next(videoDays);
            double from = random.Next(8) == 0 ? random.Next(spread) + 0.5 : random.Next(spread);
            double to = from + (random.NextDouble() * 12);
            totals.Credit("v" + (videoDay % 2), Day.AddDays(videoDay / 2), user, from, to);
            both.Credit("v" + (videoDay % 2), Day.AddDays(videoDay / 2), user, from, to);
        }

        Assert.Equal(both.Rows(), totals.Rows());
        Assert.Equal(totals.Rows(), totals.Rows());
    }

    [Theory]
    [InlineData(9, 5, 1)]
    [InlineData(6, 5, 2)]
    [InlineData(6, 6, 3)]
    public void Rows_TotalsOnlyCrowdedSeconds_SameAsTotalsKeptWithDeltas(int log2m, int registerWidth, int seed)
    {
        // Small sketches, so that most of 300 seconds are crowded (hundreds of viewers each):
        // with log2m 9 their estimates come from the count of zero registers (linear counting),
        // with log2m 6 from the registers' values too. 6-bit registers take the path that
        // builds the sketches (their estimates wrap, as postgresql-hll's do for registers that
        // wide, so only their agreement is checked).
        var settings = new HllSettings(log2m, registerWidth, HllSettings.AutoExplicitThreshold, sparseEnabled: true);
        var totals = new HeatmapAccumulator(settings, saltSecret: null, HeatmapTracking.Totals);
        var both = new HeatmapAccumulator(settings, saltSecret: null);
        var random = new Random(seed);
        for (int i = 0; i < 6000; i++)
        {
            string user = "user" + random.Next(3000);
            double from = random.Next(300) + (random.Next(4) == 0 ? 0.5 : 0);
            double to = from + (random.NextDouble() * 40);
            totals.Credit("v", Day, user, from, to);
            both.Credit("v", Day, user, from, to);
        }

        HeatmapRow[] rows = [.. totals.Rows()];

        Assert.True(registerWidth > 5 || rows.Count(r => r.Viewers > settings.EffectiveExplicitThreshold) > 200);
        Assert.Equal(both.Rows(), rows);
    }
}
