using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Processor.TestDriver;

namespace StreamAgg.Processor.Tests.TestDriver;

public sealed class HeatmapDeltaMergeTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public void Rows_SameCellInTwoDeltas_ViewersUnitedAndPlaysSummed()
    {
        HeatmapDelta first = new("v1", Day, [new HeatmapSecondDelta(3, 2, Sketch(1, 2))]);
        HeatmapDelta second = new("v1", Day, [new HeatmapSecondDelta(3, 1, Sketch(2, 3)), new HeatmapSecondDelta(4, 1, Sketch(3))]);

        IReadOnlyList<HeatmapRow> rows = HeatmapDeltaMerge.Rows([first, second]);

        Assert.Equal([new HeatmapRow("v1", Day, 3, 3, 3), new HeatmapRow("v1", Day, 4, 1, 1)], rows);
    }

    [Fact]
    public void Rows_DeltasOfDifferentVideosAndDays_KeptApartAndSorted()
    {
        HeatmapDelta later = new("v1", Day.AddDays(1), [new HeatmapSecondDelta(0, 1, Sketch(1))]);
        HeatmapDelta other = new("v0", Day, [new HeatmapSecondDelta(9, 1, Sketch(1))]);
        HeatmapDelta earlier = new("v1", Day, [new HeatmapSecondDelta(0, 1, Sketch(1))]);

        IReadOnlyList<HeatmapRow> rows = HeatmapDeltaMerge.Rows([later, other, earlier]);

        Assert.Equal(
            [new HeatmapRow("v0", Day, 9, 1, 1), new HeatmapRow("v1", Day, 0, 1, 1), new HeatmapRow("v1", Day.AddDays(1), 0, 1, 1)],
            rows);
    }

    [Fact]
    public void Rows_Merging_LeavesTheDeltasUnchanged()
    {
        HllSketch viewers = Sketch(1);
        HeatmapDelta first = new("v1", Day, [new HeatmapSecondDelta(0, 1, viewers)]);
        HeatmapDelta second = new("v1", Day, [new HeatmapSecondDelta(0, 1, Sketch(2))]);

        HeatmapDeltaMerge.Rows([first, second]);

        Assert.Equal(1, Math.Round(viewers.Cardinality()));
    }

    private static HllSketch Sketch(params long[] hashes)
    {
        var sketch = new HllSketch();
        foreach (long hash in hashes)
        {
            sketch.Add(unchecked(hash * (long)0x9E3779B97F4A7C15UL));
        }

        return sketch;
    }
}
