namespace StreamAgg.Bench.Heatmap;

/// <summary>What <c>bench heatmap</c> runs: the synthetic video's size, and how often each query is timed.</summary>
internal sealed record HeatmapBenchOptions
{
    public string? Postgres { get; init; }

    public int Days { get; init; } = 90;

    public int Seconds { get; init; } = 600;

    public int ViewersAtStart { get; init; } = 3000;

    public int QueryRuns { get; init; } = 40;

    /// <summary>Runs of each raw-row baseline; 0 (the default, without --baselines) skips them and loads no beacon rows.</summary>
    public int BaselineRuns { get; init; }

    /// <summary>Random ranges the fast path is timed on (and its error measured over).</summary>
    public int RangeRuns { get; init; } = 200;

    public int SinkCells { get; init; } = 600_000;
}
