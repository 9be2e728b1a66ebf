namespace StreamAgg.Observability.Export;

/// <summary>What one process exports: its identity and the meters and activity sources it owns.</summary>
public sealed record TelemetryOptions
{
    /// <summary>The default <c>service.name</c> (<c>streamagg-processor</c>, <c>streamagg-sink</c>, <c>streamagg-demo</c>); OTEL_SERVICE_NAME overrides it.</summary>
    public required string ServiceName { get; init; }

    /// <summary><c>service.instance.id</c>: the processor's instance id, else the host name.</summary>
    public string ServiceInstanceId { get; init; } = Environment.MachineName;

    /// <summary>Meter names to collect (exported over OTLP and served on /metrics).</summary>
    public IReadOnlyList<string> Meters { get; init; } = [];

    /// <summary>ActivitySource names whose spans are exported over OTLP.</summary>
    public IReadOnlyList<string> ActivitySources { get; init; } = [];

    /// <summary>How often metrics are pushed over OTLP when OTEL_METRIC_EXPORT_INTERVAL does not say.</summary>
    public TimeSpan ExportInterval { get; init; } = TimeSpan.FromSeconds(15);
}
