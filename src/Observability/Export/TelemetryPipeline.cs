using System.Reflection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StreamAgg.Observability.Prometheus;

namespace StreamAgg.Observability.Export;

/// <summary>
/// The OpenTelemetry SDK set up for one process, without the hosting package: a MeterProvider
/// that always feeds the Prometheus text of <c>/metrics</c> (collected only when scraped) and,
/// when the OTLP variables name an endpoint, pushes metrics there too; a TracerProvider only when
/// traces have an endpoint (with no listener, no span is ever created). Dispose it with the host:
/// disposing flushes what is pending.
/// </summary>
public sealed class TelemetryPipeline : IDisposable
{
    private readonly MeterProvider _meters;
    private readonly TracerProvider? _traces;

    private TelemetryPipeline(string serviceName, OtlpSettings otlp, MeterProvider meters, TracerProvider? traces, PrometheusScrape scrape)
    {
        ServiceName = serviceName;
        Otlp = otlp;
        _meters = meters;
        _traces = traces;
        Scrape = scrape;
    }

    /// <summary>The <c>service.name</c> in use.</summary>
    public string ServiceName { get; }

    /// <summary>Where OTLP export goes (nothing when both signals are null).</summary>
    public OtlpSettings Otlp { get; }

    /// <summary>The Prometheus text exposition of the current metric values.</summary>
    public PrometheusScrape Scrape { get; }

    /// <summary>The version every signal carries as <c>service.version</c>.</summary>
    public static string ServiceVersion { get; } =
        (Assembly.GetEntryAssembly() ?? typeof(TelemetryPipeline).Assembly).GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Builds the providers; <paramref name="variable"/> reads the environment (the process's by default).</summary>
    public static TelemetryPipeline Start(TelemetryOptions options, Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        var otlp = OtlpSettings.FromEnvironment(variable);
        var serviceName = variable("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : options.ServiceName;
        var resource = ResourceBuilder.CreateEmpty().AddService(
            serviceName, serviceVersion: ServiceVersion, autoGenerateServiceInstanceId: false, serviceInstanceId: options.ServiceInstanceId);

        var exporter = new PrometheusTextExporter();
        var scrapeReader = new BaseExportingMetricReader(exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
        var meters = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter([.. options.Meters]).AddReader(scrapeReader);
        if (otlp.Metrics is { } metricsTarget)
        {
            meters.AddOtlpExporter((exporterOptions, readerOptions) =>
            {
                Configure(exporterOptions, metricsTarget);
                readerOptions.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.ExportInterval.TotalMilliseconds;
                readerOptions.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            });
        }

        TracerProvider? traces = null;
        if (otlp.Traces is { } tracesTarget)
        {
            traces = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource([.. options.ActivitySources])
                .AddOtlpExporter(o => Configure(o, tracesTarget))
                .Build();
        }

        return new TelemetryPipeline(serviceName, otlp, meters.Build(), traces, new PrometheusScrape(scrapeReader, exporter));
    }

    /// <summary>Pushes whatever is pending to the OTLP endpoints now.</summary>
    public void ForceFlush()
    {
        _meters.ForceFlush();
        _traces?.ForceFlush();
    }

    private static void Configure(OtlpExporterOptions exporter, OtlpTarget target)
    {
        exporter.Endpoint = target.Endpoint;
        exporter.Protocol = target.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (target.Headers is not null)
        {
            exporter.Headers = target.Headers;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _traces?.Dispose();
        _meters.Dispose();
    }
}
