namespace StreamAgg.Heatmap.Accumulation;

/// <summary>
/// A run of consecutive seconds. Seconds live in pages so a stray position far into a video
/// of unknown duration costs one page, not an array reaching up to it.
/// </summary>
internal sealed class SecondPage
{
    public const int Shift = 8;
    public const int Size = 1 << Shift;
    public const long MaxSecond = int.MaxValue;

    public HeatmapCell[] Cells { get; } = new HeatmapCell[Size];

    public bool HasDelta { get; set; }
}
