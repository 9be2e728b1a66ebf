using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using StreamAgg.Core.Events;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// The instruments of browser ingest on a meter of their own, <see cref="MeterName"/> (docs/operations.md):
/// requests by status code, events accepted, rejected (by the processor's dead-letter reason) and
/// not accepted (valid, but Kafka did not acknowledge them: answered 503), events awaiting Kafka,
/// and how long Kafka took to acknowledge a request's events. Counted once per request, never per
/// event, with attribute values cached so that counting allocates nothing.
/// </summary>
internal sealed class IngestMetrics : IDisposable
{
    /// <summary>The meter's name: what an OpenTelemetry MeterProvider adds to export these.</summary>
    public const string MeterName = "StreamAgg.Ingest";

    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    // Boxed once: a status code or reason as an attribute value would otherwise box per request.
    private static readonly FrozenDictionary<int, KeyValuePair<string, object?>> StatusTags =
        new[] { 202, 400, 401, 403, 413, 415, 429, 499, 500, 503 }.ToFrozenDictionary(s => s, s => new KeyValuePair<string, object?>("http.response.status_code", s));

    private static readonly KeyValuePair<string, object?>[] ReasonTags =
        [.. Enum.GetValues<DeadLetterReason>().Select(r => new KeyValuePair<string, object?>("reason", r == DeadLetterReason.None ? "" : r.ToWireName()))];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _notAccepted;
    private readonly Histogram<double> _produceDuration;

    public IngestMetrics(IngestProducer producer)
    {
        Meter = new Meter(MeterName, typeof(IngestMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");
        _requests = Meter.CreateCounter<long>("streamagg.ingest.requests", "{request}", "Requests to POST /v1/events, by the status code answered.");
        _accepted = Meter.CreateCounter<long>("streamagg.ingest.events.accepted", "{event}", "Events acknowledged by Kafka (answered 202).");
        _rejected = Meter.CreateCounter<long>("streamagg.ingest.events.rejected", "{event}", "Invalid events of otherwise accepted requests, by dead-letter reason; never produced.");
        _notAccepted = Meter.CreateCounter<long>("streamagg.ingest.events.not_accepted", "{event}", "Valid events Kafka did not acknowledge in time (answered 503: the client sends them again).");
        _produceDuration = Meter.CreateHistogram(
            "streamagg.ingest.produce.duration", "s", "Time from handing a request's events to the producer until Kafka acknowledged (or failed) the last of them.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        Meter.CreateObservableUpDownCounter("streamagg.ingest.events.in_flight", () => producer.InFlight, "{event}", "Events handed to the producer and not yet acknowledged or failed.");
    }

    /// <summary>The meter these instruments live on (one per server: tests tell servers apart by it).</summary>
    public Meter Meter { get; }

    public void Answered(int status)
    {
        if (StatusTags.TryGetValue(status, out var tag))
        {
            _requests.Add(1, tag);
        }
        else
        {
            _requests.Add(1, new KeyValuePair<string, object?>("http.response.status_code", status));
        }
    }

    public void Outcome(int accepted, int notAccepted, IReadOnlyList<(int Index, DeadLetterReason Reason)> rejections)
    {
        if (accepted > 0)
        {
            _accepted.Add(accepted);
        }

        if (notAccepted > 0)
        {
            _notAccepted.Add(notAccepted);
        }

        for (int i = 0; i < rejections.Count; i++)
        {
            _rejected.Add(1, ReasonTags[(int)rejections[i].Reason]);
        }
    }

    public void Produced(long startTimestamp) => _produceDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);

    public void Dispose() => Meter.Dispose();
}
