namespace StreamAgg.Heatmap;

/// <summary>What a <see cref="HeatmapAccumulator"/> keeps per (video, day, second).</summary>
[Flags]
public enum HeatmapTracking
{
    /// <summary>The running totals, for batch output (<see cref="HeatmapAccumulator.Rows"/>).</summary>
    Totals = 1,

    /// <summary>What was credited since the last drain, for streaming (<see cref="HeatmapAccumulator.DrainDeltas"/>).</summary>
    Deltas = 2,

    /// <summary>Both totals and deltas.</summary>
    Both = Totals | Deltas,
}
