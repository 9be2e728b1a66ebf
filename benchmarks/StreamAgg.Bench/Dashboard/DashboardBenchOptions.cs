namespace StreamAgg.Bench.Dashboard;

/// <summary>What <c>bench dashboard</c> runs: the heatmap bench's synthetic video, and how often each request is timed.</summary>
internal sealed record DashboardBenchOptions
{
    public string? Postgres { get; init; }

    public int Days { get; init; } = 90;

    public int Seconds { get; init; } = 600;

    public int ViewersAtStart { get; init; } = 3000;

    public int Requests { get; init; } = 500;

    /// <summary>Timed requests over a range that no window covers (the sketches answer: about a second each).</summary>
    public int AnyRangeRequests { get; init; } = 100;
}
