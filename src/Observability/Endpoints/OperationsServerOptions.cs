using System.Net;
using OpenTelemetry.Metrics;

namespace StreamAgg.Observability.Endpoints;

/// <summary>Where the operations server listens and what it answers.</summary>
public sealed record OperationsServerOptions
{
    /// <summary>The address to listen on: loopback, one interface's address, or 0.0.0.0 / :: for all.</summary>
    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 picks a free one.</summary>
    public required int Port { get; init; }

    /// <summary>Whether the process is ready to serve (called per <c>/readyz</c> request, from any thread).</summary>
    public required Func<bool> Ready { get; init; }

    /// <summary>The provider whose Prometheus exporter <c>/metrics</c> serves; no <c>/metrics</c> when null.</summary>
    public MeterProvider? Metrics { get; init; }

    /// <summary>When set, <c>/metrics</c> answers only requests with <c>Authorization: Bearer</c> this token.</summary>
    public string? MetricsToken { get; init; }
}
