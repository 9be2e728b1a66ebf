using StreamAgg.Hll;

namespace StreamAgg.Heatmap.Accumulation;

/// <summary>One second of one (video, day). Sketches are created on first use.</summary>
internal struct HeatmapCell
{
    public long Plays;
    public HllSketch? Viewers;
    public long DeltaPlays;
    public HllSketch? DeltaViewers;
}
