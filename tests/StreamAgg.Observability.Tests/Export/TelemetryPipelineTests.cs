using System.Diagnostics;
using System.Diagnostics.Metrics;
using StreamAgg.Observability.Export;
using StreamAgg.Observability.Tests.Support;
using Xunit;

namespace StreamAgg.Observability.Tests.Export;

/// <summary>OTLP export is set up from the standard variables, with the service's resource attributes, and only then.</summary>
public sealed class TelemetryPipelineTests
{
    [Fact]
    public async Task Start_EndpointVariableSet_ExportsMetricsAndSpansWithTheResource()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var meterName = $"StreamAgg.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        using var source = new ActivitySource(meterName);
        var options = new TelemetryOptions { ServiceName = "streamagg-processor", ServiceInstanceId = "instance-7", Meters = [meterName], ActivitySources = [meterName] };
        using var pipeline = TelemetryPipeline.Start(options, OtlpSettingsTests.Variables(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Address.ToString()),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")));

        meter.CreateCounter<long>("streamagg.test.commits", "{commit}").Add(3);
        source.StartActivity("commit cycle")!.Dispose();
        pipeline.ForceFlush();

        await Waiting.UntilAsync(
            () => receiver.Received("/v1/metrics", "streamagg.test.commits", "streamagg-processor", "instance-7", TelemetryPipeline.ServiceVersion)
                && receiver.Received("/v1/traces", "commit cycle", "streamagg-processor"),
            "OTLP posts of the metric and the span");
    }

    [Fact]
    public async Task Start_ServiceNameVariable_OverridesTheDefault()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var meterName = $"StreamAgg.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        using var pipeline = TelemetryPipeline.Start(new TelemetryOptions { ServiceName = "streamagg-sink", Meters = [meterName] }, OtlpSettingsTests.Variables(
            ("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", new Uri(receiver.Address, "/custom/metrics").ToString()),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_SERVICE_NAME", "sink-eu-1")));

        meter.CreateCounter<long>("streamagg.test.rows").Add(1);
        pipeline.ForceFlush();

        Assert.Equal("sink-eu-1", pipeline.ServiceName);
        Assert.Null(pipeline.Otlp.Traces);
        await Waiting.UntilAsync(() => receiver.Received("/custom/metrics", "streamagg.test.rows", "sink-eu-1"), "the metric at the signal's own endpoint");
    }

    [Fact]
    public void Start_NoEndpointVariable_ConfiguresNoOtlpExporterButServesMetricsText()
    {
        var meterName = $"StreamAgg.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        using var pipeline = TelemetryPipeline.Start(new TelemetryOptions { ServiceName = "streamagg-demo", Meters = [meterName] }, _ => null);

        meter.CreateCounter<long>("streamagg.test.events", "{event}").Add(5);

        Assert.Null(pipeline.Otlp.Metrics);
        Assert.Null(pipeline.Otlp.Traces);
        Assert.Contains("streamagg_test_events_total 5\n", pipeline.Scrape.Collect(), StringComparison.Ordinal);
    }
}
