using System.Diagnostics;

namespace StreamAgg.Sink.Observability;

/// <summary>
/// The sinks' spans: one per stored batch, linked (not parented: a batch gathers many) to the
/// processor commit cycles whose <c>traceparent</c> headers its messages carry.
/// </summary>
public static class SinkTracing
{
    /// <summary>The ActivitySource's name: what an OpenTelemetry TracerProvider adds to export these.</summary>
    public const string SourceName = "StreamAgg.Sink";

    internal static ActivitySource Source { get; } = new(SourceName, SinkMetrics.Version);
}
