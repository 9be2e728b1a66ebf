namespace StreamAgg.Sink.Heatmap;

/// <summary>How a video is compared with the typical curve of similar videos (<see cref="HeatmapTypicalRetention"/>).</summary>
public sealed record HeatmapComparisonOptions
{
    /// <summary>The fewest similar videos a typical curve is built from (default 5); with fewer, none is shown.</summary>
    public int MinVideos { get; init; } = 5;

    /// <summary>A video (the compared one or a similar one) needs this many viewers at its start to count (default 50).</summary>
    public long MinStartViewers { get; init; } = 50;

    /// <summary>The standard window the similar videos' curves are read from (default <c>last-90-days</c>, kept by the heatmap sink).</summary>
    public string Window { get; init; } = "last-90-days";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinVideos, 1, nameof(MinVideos));
        ArgumentOutOfRangeException.ThrowIfNegative(MinStartViewers, nameof(MinStartViewers));
        ArgumentException.ThrowIfNullOrWhiteSpace(Window, nameof(Window));
    }
}
