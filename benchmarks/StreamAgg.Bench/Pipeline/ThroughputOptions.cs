using StreamAgg.Processor;

namespace StreamAgg.Bench.Pipeline;

/// <summary>What <c>bench throughput</c> runs.</summary>
internal sealed record ThroughputOptions
{
    public long Events { get; init; } = 500_000;

    /// <summary>
    /// Events of an unreported processor run first, on its own fresh cluster: the measured runs
    /// then find the code compiled and tiered up, as in a processor that has been running.
    /// </summary>
    public long WarmUpEvents { get; init; }

    public int Viewers { get; init; } = 50_000;

    public int Videos { get; init; } = 500;

    public string? Bootstrap { get; init; }

    public string? Postgres { get; init; }

    public bool ProcessorOnly { get; init; }

    public bool EndToEndOnly { get; init; }

    public ProcessingGuarantee Guarantee { get; init; } = ProcessingGuarantee.ExactlyOnce;

    /// <summary>
    /// The processor figure once per entry, in order, <see cref="Rounds"/> times over: null holds
    /// every state in memory, a number runs the disk tier with that --state-cache-mb. Empty: once, in memory.
    /// </summary>
    public IReadOnlyList<int?> StateCaches { get; init; } = [];

    public int Rounds { get; init; } = 1;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(20);
}
