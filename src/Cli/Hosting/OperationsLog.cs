using Microsoft.Extensions.Logging;

namespace StreamAgg.Cli.Hosting;

/// <summary>Says at start-up, in the command's log, where its metrics, traces and health endpoints are.</summary>
internal static class OperationsLog
{
    public static void LogOperations(this ILogger logger, CommandTelemetry telemetry)
    {
        foreach (var line in telemetry.Describe())
        {
            logger.LogInformation("{Where}", line);
        }

        if (telemetry.MetricsOpenBeyondLoopback)
        {
            logger.LogWarning("{Warning}", OpenMetricsWarning);
        }
    }

    public const string OpenMetricsWarning =
        "/metrics answers anyone who reaches this address: set STREAMAGG_METRICS_TOKEN to require a bearer token";
}
