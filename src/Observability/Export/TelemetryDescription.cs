namespace StreamAgg.Observability.Export;

/// <summary>What <see cref="TelemetryServices.AddStreamAggTelemetry"/> set up, for the start-up log.</summary>
/// <param name="ServiceName">The <c>service.name</c> in use.</param>
/// <param name="Otlp">Where OTLP export goes (nothing when both signals are null).</param>
/// <param name="ExportInterval">How often metrics are pushed over OTLP.</param>
public sealed record TelemetryDescription(string ServiceName, OtlpSettings Otlp, TimeSpan ExportInterval)
{
    /// <summary>Where metrics and traces go, one line each.</summary>
    public IEnumerable<string> Describe()
    {
        yield return Otlp.Metrics is { } metrics
            ? $"metrics: OTLP to {metrics.Endpoint} every {ExportInterval.TotalSeconds:0.###} s (service.name {ServiceName})"
            : "metrics: no OTLP export (set OTEL_EXPORTER_OTLP_ENDPOINT to export)";
        yield return Otlp.Traces is { } traces ? $"traces: OTLP to {traces.Endpoint}" : "traces: off (no OTLP endpoint)";
    }
}
