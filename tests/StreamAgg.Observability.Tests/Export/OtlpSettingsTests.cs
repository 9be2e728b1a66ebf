using StreamAgg.Observability.Export;
using Xunit;

namespace StreamAgg.Observability.Tests.Export;

/// <summary>The standard OTEL_EXPORTER_OTLP_* variables decide whether and where OTLP export goes.</summary>
public sealed class OtlpSettingsTests
{
    [Fact]
    public void FromEnvironment_NoVariables_ExportsNothing()
    {
        var settings = OtlpSettings.FromEnvironment(_ => null);

        Assert.Null(settings.Metrics);
        Assert.Null(settings.Traces);
    }

    [Fact]
    public void FromEnvironment_GenericEndpointOverHttp_AppendsEachSignalsPath()
    {
        var settings = OtlpSettings.FromEnvironment(Variables(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "api-key=secret")));

        Assert.Equal(new Uri("http://collector:4318/v1/metrics"), settings.Metrics!.Endpoint);
        Assert.Equal(new Uri("http://collector:4318/v1/traces"), settings.Traces!.Endpoint);
        Assert.True(settings.Metrics.HttpProtobuf);
        Assert.Equal("api-key=secret", settings.Traces.Headers);
    }

    [Fact]
    public void FromEnvironment_GenericEndpointWithoutProtocol_UsesGrpcAsGiven()
    {
        var settings = OtlpSettings.FromEnvironment(Variables(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")));

        Assert.Equal(new Uri("http://collector:4317"), settings.Metrics!.Endpoint);
        Assert.False(settings.Metrics.HttpProtobuf);
    }

    [Fact]
    public void FromEnvironment_OnlyTracesEndpoint_ExportsOnlyTracesToThatUrl()
    {
        var settings = OtlpSettings.FromEnvironment(Variables(
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://traces.example/custom"),
            ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")));

        Assert.Null(settings.Metrics);
        Assert.Equal(new Uri("https://traces.example/custom"), settings.Traces!.Endpoint);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317")]
    public void FromEnvironment_UnusableValue_SaysWhich(string name, string value)
    {
        var variables = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317", [name] = value };

        var error = Assert.Throws<ArgumentException>(() => OtlpSettings.FromEnvironment(n => variables.GetValueOrDefault(n)));
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    internal static Func<string, string?> Variables(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }
}
