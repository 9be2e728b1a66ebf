namespace StreamAgg.Bench.Ingest;

/// <summary>What <c>bench ingest</c> runs.</summary>
internal sealed record IngestBenchOptions
{
    public int EventsPerRequest { get; init; } = 20;

    public int Connections { get; init; } = 32;

    public double Seconds { get; init; } = 20;

    public double WarmupSeconds { get; init; } = 10;

    /// <summary>Post with <see cref="HttpClient"/> instead of the minimal client (costs the shared CPU more).</summary>
    public bool UseHttpClient { get; init; }

    /// <summary>A cluster of one's own instead of the embedded one (its player-events topic is written to).</summary>
    public string? Bootstrap { get; init; }
}
