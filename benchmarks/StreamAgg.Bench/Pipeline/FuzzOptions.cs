namespace StreamAgg.Bench.Pipeline;

/// <summary>What <c>bench fuzz</c> runs.</summary>
internal sealed record FuzzOptions
{
    /// <summary>Hostile inputs to generate and ingest.</summary>
    public long Inputs { get; init; } = 1_000_000;

    /// <summary>The random seed: the same seed gives the same inputs.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Folder of scenarios whose events.ndjson lines seed the mutations (built-in seeds are always added).</summary>
    public string? Scenarios { get; init; }
}
