using StreamAgg.Core.Engagement;

namespace StreamAgg.Batch;

/// <summary>Settings of a batch aggregation (SEMANTICS.md §7–8).</summary>
public sealed record BatchOptions
{
    /// <summary>The engagement rules.</summary>
    public EngagementOptions Engagement { get; init; } = EngagementOptions.Default;

    /// <summary>Salt secret for viewer hashes (SEMANTICS.md §6); null for none.</summary>
    public string? HeatmapSalt { get; init; }
}
