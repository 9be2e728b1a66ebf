using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace StreamAgg.Observability.Export;

/// <summary>
/// The OpenTelemetry SDK of one process, through OpenTelemetry.Extensions.Hosting: a MeterProvider
/// with our meters, the runtime, process and Npgsql instruments and the Prometheus exporter (read
/// by <c>/metrics</c> at scrape time), plus OTLP export when the standard variables name an
/// endpoint (<see cref="OtlpSettings"/>). The host owns the providers: disposing it flushes what is pending.
/// </summary>
public static class TelemetryServices
{
    /// <summary>The version every signal carries as <c>service.version</c>.</summary>
    public static string ServiceVersion { get; } =
        (Assembly.GetEntryAssembly() ?? typeof(TelemetryServices).Assembly).GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>
    /// Registers the providers. <paramref name="configuration"/> holds the OTEL_* variables (the
    /// host's environment variables): the SDK reads OTEL_RESOURCE_ATTRIBUTES and the exporter
    /// timeouts from there, and each signal's OTLP target is resolved from them here.
    /// </summary>
    public static IServiceCollection AddStreamAggTelemetry(this IServiceCollection services, TelemetryOptions options, IConfiguration configuration)
    {
        var otlp = OtlpSettings.FromEnvironment(name => configuration[name]);
        var serviceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : options.ServiceName;
        var exportInterval = ExportInterval(options, configuration);
        services.AddSingleton(new TelemetryDescription(serviceName, otlp, exportInterval));

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName, serviceVersion: ServiceVersion, autoGenerateServiceInstanceId: false, serviceInstanceId: options.ServiceInstanceId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. options.Meters])
                    .AddRuntimeInstrumentation()
                    .AddProcessInstrumentation()
                    .AddNpgsqlInstrumentation()
                    // Collected at each scrape, never served from a cache: two scrapes in a row
                    // see what happened between them.
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp.Metrics is { } target)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Configure(exporter, target);
                        reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)exportInterval.TotalMilliseconds;
                    });
                }
            });

        // No TracerProvider without an endpoint: with no listener no span is ever created, and
        // the processor adds no traceparent header to the records it sends.
        if (otlp.Traces is { } traces)
        {
            telemetry.WithTracing(tracing => tracing.AddSource([.. options.ActivitySources]).AddNpgsql().AddOtlpExporter(exporter => Configure(exporter, traces)));
        }

        return services;
    }

    // The SDK's per-signal AddOtlpExporter reads only the generic OTEL_EXPORTER_OTLP_* variables
    // (the signal-specific ones only through UseOtlpExporter, which exports every signal at once),
    // so the target each signal resolved to is set here; timeouts and the rest stay the SDK's.
    private static void Configure(OtlpExporterOptions exporter, OtlpTarget target)
    {
        exporter.Endpoint = target.Endpoint;
        exporter.Protocol = target.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (target.Headers is not null)
        {
            exporter.Headers = target.Headers;
        }
    }

    /// <summary>OTEL_METRIC_EXPORT_INTERVAL (milliseconds) when set, else the command's default.</summary>
    public static TimeSpan ExportInterval(TelemetryOptions options, IConfiguration configuration) =>
        configuration["OTEL_METRIC_EXPORT_INTERVAL"] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
                ? TimeSpan.FromMilliseconds(ms)
                : throw new ArgumentException($"OTEL_METRIC_EXPORT_INTERVAL: '{text}' is not a positive number of milliseconds.")
            : options.ExportInterval;
}
