using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StreamAgg.Observability.Endpoints;

/// <summary>The command's own readiness (a processor restored, the sinks caught up) as a health check.</summary>
internal sealed class ReadinessCheck(Func<bool> ready) : IHealthCheck
{
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ready() ? HealthCheckResult.Healthy("ready") : HealthCheckResult.Unhealthy("not ready"));
}
