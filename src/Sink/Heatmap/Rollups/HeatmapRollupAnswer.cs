namespace StreamAgg.Sink.Heatmap.Rollups;

/// <summary>A range answered from the rollups: its seconds, and when the oldest stale day block served was built (null: none, the answer is current).</summary>
internal readonly record struct HeatmapRollupAnswer(IReadOnlyList<HeatmapSecond> Seconds, DateTimeOffset? OldestStaleBuild);
