namespace StreamAgg.Bench.Pipeline;

/// <summary>What <c>bench restore</c> runs.</summary>
internal sealed record RestoreOptions
{
    public int Keys { get; init; } = 500_000;

    /// <summary>Distinct simulated states whose bytes are written under the keys, round robin.</summary>
    public int TemplateKeys { get; init; } = 20_000;

    public int Runs { get; init; } = 3;

    public string? Bootstrap { get; init; }
}
