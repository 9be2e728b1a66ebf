using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace StreamAgg.Observability.Prometheus;

/// <summary>
/// Writes the metrics of one collection as the Prometheus text exposition format 0.0.4:
/// <c># HELP</c> and <c># TYPE</c> per metric, counters as <c>_total</c>, up-down counters and
/// gauges as gauges, histograms as cumulative <c>_bucket{le=…}</c> series with <c>+Inf</c>,
/// <c>_sum</c> and <c>_count</c>. The SDK does the aggregation (cumulative); this only renders.
/// </summary>
internal sealed class PrometheusTextExporter : BaseExporter<Metric>
{
    private string _text = "";

    /// <summary>The text of the last collection.</summary>
    public string Text => Volatile.Read(ref _text);

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var text = new StringBuilder();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in batch)
        {
            Write(text, metric, written);
        }

        Volatile.Write(ref _text, text.ToString());
        return ExportResult.Success;
    }

    private static void Write(StringBuilder text, Metric metric, HashSet<string> written)
    {
        var (type, counter) = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => ("counter", true),
            MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic or MetricType.LongGauge or MetricType.DoubleGauge => ("gauge", false),
            MetricType.Histogram => ("histogram", false),
            _ => ("", false),
        };
        if (type.Length == 0)
        {
            return;
        }

        var name = PrometheusNames.Metric(metric.Name, metric.Unit, counter);
        if (written.Add(name))
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(metric.Description)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        }

        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            switch (metric.MetricType)
            {
                case MetricType.LongSum:
                case MetricType.LongSumNonMonotonic:
                    Sample(text, name, labels, null, point.GetSumLong());
                    break;
                case MetricType.DoubleSum:
                case MetricType.DoubleSumNonMonotonic:
                    Sample(text, name, labels, null, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Sample(text, name, labels, null, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Sample(text, name, labels, null, point.GetGaugeLastValueDouble());
                    break;
                case MetricType.Histogram:
                    long cumulative = 0;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        var le = double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : Number(bucket.ExplicitBound);
                        Sample(text, name + "_bucket", labels, le, cumulative);
                    }

                    Sample(text, name + "_sum", labels, null, point.GetHistogramSum());
                    Sample(text, name + "_count", labels, null, point.GetHistogramCount());
                    break;
            }
        }
    }

    private static void Sample(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Labels(ReadOnlyTagCollection tags)
    {
        var text = new StringBuilder();
        foreach (var tag in tags)
        {
            text.Append(text.Length > 0 ? "," : "")
                .Append(PrometheusNames.Label(tag.Key)).Append("=\"").Append(EscapeLabel(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }

        return text.ToString();
    }

    internal static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    // Label values escape backslash, double quote and line feed; HELP text only backslash and line feed.
    internal static string EscapeLabel(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string EscapeHelp(string? value) => (value ?? "").Replace("\\", "\\\\").Replace("\n", "\\n");
}
