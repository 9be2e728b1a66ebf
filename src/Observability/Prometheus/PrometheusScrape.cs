using OpenTelemetry.Metrics;

namespace StreamAgg.Observability.Prometheus;

/// <summary>
/// Collects on demand (a scrape of <c>/metrics</c>) through a pull reader and returns the text
/// exposition. Scrapes are serialised: one collection at a time.
/// </summary>
public sealed class PrometheusScrape
{
    /// <summary>The Content-Type of the text exposition format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MetricReader _reader;
    private readonly PrometheusTextExporter _exporter;
    private readonly Lock _gate = new();

    internal PrometheusScrape(MetricReader reader, PrometheusTextExporter exporter)
    {
        _reader = reader;
        _exporter = exporter;
    }

    /// <summary>Collects now and renders every metric.</summary>
    public string Collect()
    {
        lock (_gate)
        {
            _reader.Collect();
            return _exporter.Text;
        }
    }
}
