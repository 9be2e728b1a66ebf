using StreamAgg.Hll;

namespace StreamAgg.Sink.Heatmap;

/// <summary>What a batch adds to one cell: the union of the viewers of its deltas and the sum of their plays.</summary>
internal sealed class HeatmapCellSum(HllSketch viewers, long plays)
{
    public HllSketch Viewers { get; } = viewers;

    public long Plays { get; set; } = plays;
}
