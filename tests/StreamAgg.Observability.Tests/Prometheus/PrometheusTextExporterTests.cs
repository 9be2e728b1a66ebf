using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using StreamAgg.Observability.Export;
using Xunit;

namespace StreamAgg.Observability.Tests.Prometheus;

/// <summary>/metrics text is well-formed exposition format 0.0.4 and says what the instruments measured.</summary>
public sealed partial class PrometheusTextExporterTests : IDisposable
{
    private readonly string _meterName = $"StreamAgg.Test.{Guid.NewGuid():N}";
    private readonly Meter _meter;
    private readonly TelemetryPipeline _pipeline;

    public PrometheusTextExporterTests()
    {
        _meter = new Meter(_meterName);
        _pipeline = TelemetryPipeline.Start(new TelemetryOptions { ServiceName = "streamagg-test", Meters = [_meterName] }, _ => null);
    }

    [Fact]
    public void Collect_Counter_HasTotalSuffixTypeAndEscapedLabels()
    {
        var counter = _meter.CreateCounter<long>("streamagg.test.dead_lettered", "{event}", "Dead letters,\nby reason \\ cause.");
        counter.Add(2, new KeyValuePair<string, object?>("reason", "bad \"quote\" \\ and\nline"));
        counter.Add(1, new KeyValuePair<string, object?>("error.type", "late"));

        var text = _pipeline.Scrape.Collect();

        Assert.Contains("# HELP streamagg_test_dead_lettered_total Dead letters,\\nby reason \\\\ cause.\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE streamagg_test_dead_lettered_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_dead_lettered_total{reason=\"bad \\\"quote\\\" \\\\ and\\nline\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_dead_lettered_total{error_type=\"late\"} 1\n", text, StringComparison.Ordinal);
        AssertWellFormed(text);
    }

    [Fact]
    public void Collect_Histogram_CumulativeBucketsSumAndCount()
    {
        var histogram = _meter.CreateHistogram(
            "streamagg.test.duration", "s", "Durations.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        var tags = new TagList { { "sink", "engagement-sink" } };
        foreach (var value in new[] { 0.05, 0.5, 0.7, 5, 50 })
        {
            histogram.Record(value, tags);
        }

        var text = _pipeline.Scrape.Collect();

        Assert.Contains("# TYPE streamagg_test_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_bucket{sink=\"engagement-sink\",le=\"0.1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_bucket{sink=\"engagement-sink\",le=\"1\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_bucket{sink=\"engagement-sink\",le=\"10\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_bucket{sink=\"engagement-sink\",le=\"+Inf\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_sum{sink=\"engagement-sink\"} 56.25\n", text, StringComparison.Ordinal);
        Assert.Contains("streamagg_test_duration_seconds_count{sink=\"engagement-sink\"} 5\n", text, StringComparison.Ordinal);
        AssertWellFormed(text);
    }

    [Fact]
    public void Collect_UpDownCounterAndObservableGauge_AreGauges()
    {
        var open = _meter.CreateUpDownCounter<long>("streamagg.test.sessions.open", "{session}");
        open.Add(3);
        open.Add(-1);
        _meter.CreateObservableGauge("streamagg.test.state.bytes", () => new Measurement<long>(4096, new KeyValuePair<string, object?>("partition", 3)), "By");

        var text = _pipeline.Scrape.Collect();

        Assert.Contains("# TYPE streamagg_test_sessions_open gauge\nstreamagg_test_sessions_open 2\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE streamagg_test_state_bytes gauge\nstreamagg_test_state_bytes{partition=\"3\"} 4096\n", text, StringComparison.Ordinal);
        AssertWellFormed(text);
    }

    /// <summary>
    /// Every line is a HELP, a TYPE or a sample; every sample belongs to the family of the TYPE
    /// before it (histogram samples by their suffixes); values parse as floats.
    /// </summary>
    internal static void AssertWellFormed(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        string? family = null;
        string? type = null;
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.Matches(MetricName(), line.Split(' ')[2]);
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                family = parts[2];
                type = parts[3];
                Assert.Contains(type, new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                continue;
            }

            var sample = Sample().Match(line);
            Assert.True(sample.Success, $"not a sample line: {line}");
            var name = sample.Groups["name"].Value;
            Assert.NotNull(family);
            Assert.True(
                name == family || (type == "histogram" && (name == family + "_bucket" || name == family + "_sum" || name == family + "_count")),
                $"{name} outside its family {family}");
            if (type == "histogram" && name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                Assert.Contains("le=\"", sample.Groups["labels"].Value, StringComparison.Ordinal);
            }

            var value = sample.Groups["value"].Value;
            Assert.True(value is "+Inf" or "-Inf" or "NaN" || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"bad value {value}");
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[a-zA-Z_][a-zA-Z0-9_]*="(?:\\[\\"n]|[^"\\\n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:\\[\\"n]|[^"\\\n])*")*\})? (?<value>\S+)$""")]
    private static partial Regex Sample();

    public void Dispose()
    {
        _pipeline.Dispose();
        _meter.Dispose();
    }
}
