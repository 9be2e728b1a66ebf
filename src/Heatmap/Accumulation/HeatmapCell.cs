namespace StreamAgg.Heatmap.Accumulation;

/// <summary>One second of one (video, day): totals, and what changed since the last drain.</summary>
internal struct HeatmapCell
{
    public long Plays;
    public ViewerSet Viewers;
    public long DeltaPlays;
    public ViewerSet DeltaViewers;
}
