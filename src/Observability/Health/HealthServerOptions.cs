using StreamAgg.Observability.Prometheus;

namespace StreamAgg.Observability.Health;

/// <summary>What the health server answers.</summary>
public sealed record HealthServerOptions
{
    /// <summary>The TCP port; 0 picks a free one.</summary>
    public required int Port { get; init; }

    /// <summary>Whether the process is ready to serve (called per <c>/readyz</c> request, from any thread).</summary>
    public required Func<bool> Ready { get; init; }

    /// <summary>The metrics to serve on <c>/metrics</c>; none when null.</summary>
    public PrometheusScrape? Metrics { get; init; }
}
