using System.Net;

namespace StreamAgg.Cli.Hosting;

/// <summary>Where a command serves /healthz, /readyz and /metrics, as its options and environment say.</summary>
/// <param name="Port">The port; 0 serves nothing.</param>
/// <param name="Bind">The address to listen on (<c>--health-bind</c>).</param>
/// <param name="MetricsToken">The bearer token /metrics requires (STREAMAGG_METRICS_TOKEN); null: none.</param>
internal sealed record HealthEndpoint(int Port, IPAddress Bind, string? MetricsToken);
