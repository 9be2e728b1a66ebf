using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace StreamAgg.Sink.Observability;

/// <summary>
/// The instruments of the sinks of one process, on one meter <see cref="MeterName"/>; every
/// measurement carries a <c>sink</c> attribute (the sink's consumer name, e.g. <c>engagement-sink</c>).
/// Counts are handed over once per stored batch, never per message.
/// </summary>
public sealed class SinkMetrics : IDisposable
{
    /// <summary>The meter's name: what an OpenTelemetry MeterProvider adds to export these.</summary>
    public const string MeterName = "StreamAgg.Sink";

    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly long[] SizeBuckets = [1, 10, 50, 100, 500, 1000, 2500, 5000, 10_000, 50_000];

    private readonly Counter<long> _consumed;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _rowsMerged;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _deadLettered;
    private readonly ConcurrentDictionary<string, LagReading[]> _lag = new();

    /// <summary>Creates the instruments on a new meter.</summary>
    public SinkMetrics()
    {
        Meter = new Meter(MeterName, Version);
        _consumed = Meter.CreateCounter<long>("streamagg.sink.messages.consumed", "{message}", "Messages read from Kafka.");
        _batchSize = Meter.CreateHistogram(
            "streamagg.sink.batch.size", "{message}", "Messages per stored batch.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = SizeBuckets });
        _batchDuration = Meter.CreateHistogram(
            "streamagg.sink.batch.duration", "s", "Time to store one batch in PostgreSQL, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _rowsMerged = Meter.CreateCounter<long>("streamagg.sink.rows.merged", "{row}", "Rows upserted into PostgreSQL (engagement rows; heatmap daily rows).");
        _errors = Meter.CreateCounter<long>("streamagg.sink.errors", "{error}", "Failed PostgreSQL writes, by error.type: transient (retried) or refused (the message became a dead letter).");
        _deadLettered = Meter.CreateCounter<long>("streamagg.sink.dead_lettered", "{message}", "Messages stored in sink_dead_letters instead of their table.");
        Meter.CreateObservableGauge("streamagg.sink.consumer.lag", ObserveLag, "{message}", "Messages of a partition not stored yet (high watermark minus position), per sink, topic and partition.");
    }

    /// <summary>The meter these instruments live on.</summary>
    public Meter Meter { get; }

    internal static string Version { get; } =
        typeof(SinkMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    internal void BatchStored(in TagList sink, int messages, long consumed, int rows, double seconds)
    {
        _consumed.Add(consumed, in sink);
        _batchSize.Record(messages, in sink);
        _batchDuration.Record(seconds, in sink);
        _rowsMerged.Add(rows, in sink);
    }

    internal void Consumed(in TagList sink, long messages) => _consumed.Add(messages, in sink);

    internal void Error(in TagList sinkAndType) => _errors.Add(1, in sinkAndType);

    internal void DeadLettered(in TagList sink) => _deadLettered.Add(1, in sink);

    internal void PublishLag(string sink, LagReading[] readings) => _lag[sink] = readings;

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        var measurements = new List<Measurement<long>>();
        foreach (var readings in _lag.Values)
        {
            foreach (var reading in readings)
            {
                measurements.Add(new Measurement<long>(reading.Value, reading.Tags));
            }
        }

        return measurements;
    }

    /// <inheritdoc/>
    public void Dispose() => Meter.Dispose();
}
