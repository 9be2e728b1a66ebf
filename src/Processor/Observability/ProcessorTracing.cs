using System.Diagnostics;

namespace StreamAgg.Processor.Observability;

/// <summary>
/// The processor's spans: one per commit cycle (its transaction), restoration and rebalance,
/// never one per event. The commit cycle's context travels in the <c>traceparent</c> header
/// (<see cref="Wire.MessageHeaders.TraceParent"/>) of every record the cycle sends, so the
/// sink's batch spans can link to it.
/// </summary>
public static class ProcessorTracing
{
    /// <summary>The ActivitySource's name: what an OpenTelemetry TracerProvider adds to export these.</summary>
    public const string SourceName = "StreamAgg.Processor";

    internal static ActivitySource Source { get; } = new(SourceName, ProcessorMetrics.Version);
}
