using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using StreamAgg.Observability.Export;
using StreamAgg.Observability.Tests.Support;
using Xunit;

namespace StreamAgg.Observability.Tests.Export;

/// <summary>OTLP export is set up from the standard variables, with the service's resource attributes, and only then.</summary>
public sealed class TelemetryServicesTests
{
    [Fact]
    public async Task AddStreamAggTelemetry_EndpointVariableSet_ExportsMetricsAndSpansWithTheResource()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var meterName = $"StreamAgg.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        using var source = new ActivitySource(meterName);
        var options = new TelemetryOptions { ServiceName = "streamagg-processor", ServiceInstanceId = "instance-7", Meters = [meterName], ActivitySources = [meterName] };
        await using var telemetry = await TelemetryHost.StartAsync(
            options,
            ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Address.ToString()),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));

        meter.CreateCounter<long>("streamagg.test.commits", "{commit}").Add(3);
        source.StartActivity("commit cycle")!.Dispose();
        telemetry.ForceFlush();

        await Waiting.UntilAsync(
            () => receiver.Received("/v1/metrics", "streamagg.test.commits", "streamagg-processor", "instance-7", TelemetryServices.ServiceVersion)
                && receiver.Received("/v1/traces", "commit cycle", "streamagg-processor"),
            "OTLP posts of the metric and the span");
    }

    [Fact]
    public async Task AddStreamAggTelemetry_ServiceNameAndSignalEndpointVariables_OverrideTheDefaults()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var meterName = $"StreamAgg.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        await using var telemetry = await TelemetryHost.StartAsync(
            new TelemetryOptions { ServiceName = "streamagg-sink", Meters = [meterName] },
            ("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", new Uri(receiver.Address, "/custom/metrics").ToString()),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_SERVICE_NAME", "sink-eu-1"));

        meter.CreateCounter<long>("streamagg.test.rows").Add(1);
        telemetry.ForceFlush();

        Assert.Equal("sink-eu-1", telemetry.Description.ServiceName);
        Assert.Null(telemetry.Description.Otlp.Traces);
        Assert.Null(telemetry.Traces);
        await Waiting.UntilAsync(() => receiver.Received("/custom/metrics", "streamagg.test.rows", "sink-eu-1"), "the metric at the signal's own endpoint", () => string.Join(", ", receiver.Posts.Select(p => p.Path)));
    }

    [Fact]
    public async Task AddStreamAggTelemetry_NoEndpointVariable_NoOtlpNoTracerButMetricsServed()
    {
        var meterName = $"StreamAgg.Test.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        await using var telemetry = await TelemetryHost.StartAsync(new TelemetryOptions { ServiceName = "streamagg-demo", Meters = [meterName] });
        await using var server = await telemetry.ServeAsync();

        meter.CreateCounter<long>("streamagg.test.events", "{event}").Add(5);

        Assert.Null(telemetry.Description.Otlp.Metrics);
        Assert.Null(telemetry.Description.Otlp.Traces);
        Assert.Null(telemetry.Traces);
        Assert.Contains("metrics: no OTLP export", telemetry.Description.Describe().First(), StringComparison.Ordinal);
        Assert.Contains("streamagg_test_events_total 5\n", Scrape.Unscoped(await Scrape.GetAsync(server)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 15_000)]
    [InlineData("5000", 5_000)]
    public void ExportInterval_VariableOrDefault_ReadsMilliseconds(string? variable, int expectedMs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("OTEL_METRIC_EXPORT_INTERVAL", variable)]).Build();

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), TelemetryServices.ExportInterval(new TelemetryOptions { ServiceName = "x" }, configuration));
    }

    [Fact]
    public void ExportInterval_NotANumber_SaysWhichVariable()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("OTEL_METRIC_EXPORT_INTERVAL", "15s")]).Build();

        var error = Assert.Throws<ArgumentException>(() => TelemetryServices.ExportInterval(new TelemetryOptions { ServiceName = "x" }, configuration));
        Assert.Contains("OTEL_METRIC_EXPORT_INTERVAL", error.Message, StringComparison.Ordinal);
    }
}
