namespace StreamAgg.Bench.Pipeline;

/// <summary>What <c>bench latency</c> runs.</summary>
internal sealed record LatencyOptions
{
    public double Rate { get; init; } = 20_000;

    public double Seconds { get; init; } = 60;

    /// <summary>Production during this first stretch warms the JIT and the caches; it is reported apart.</summary>
    public double WarmupSeconds { get; init; } = 10;

    public int Viewers { get; init; } = 100_000;

    public int Videos { get; init; } = 500;

    public string? Bootstrap { get; init; }

    public string? Postgres { get; init; }

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
