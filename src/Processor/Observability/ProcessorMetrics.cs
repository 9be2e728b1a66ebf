using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using StreamAgg.Core.Events;

namespace StreamAgg.Processor.Observability;

/// <summary>
/// Every instrument of one processor instance, on its own meter <see cref="MeterName"/>
/// (docs/operations.md lists them). Tasks count in plain fields and hand their counts over once
/// per commit interval, so the hot path never touches an instrument; the gauges read snapshots
/// the stream thread publishes, never the Kafka client.
/// </summary>
public sealed class ProcessorMetrics : IDisposable
{
    /// <summary>The meter's name: what an OpenTelemetry MeterProvider adds to export these.</summary>
    public const string MeterName = "StreamAgg.Processor";

    private static readonly double[] SecondsBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private static readonly TagList[] ReasonTags = BuildReasonTags();
    private static readonly TagList[] CauseTags =
    [
        new TagList { { "cause", "timeout" } },
        new TagList { { "cause", "new_session" } },
        new TagList { { "cause", "end" } },
    ];

    private readonly Counter<long> _consumed;
    private readonly Counter<long> _applied;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _late;
    private readonly UpDownCounter<long> _openSessions;
    private readonly Counter<long> _sessionsClosed;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _cells;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _commits;
    private readonly Histogram<double> _transactionDuration;
    private readonly Counter<long> _aborts;
    private readonly Counter<long> _restoredRecords;
    private readonly Counter<long> _evicted;
    private readonly Counter<long> _loaded;
    private readonly Histogram<double> _restoreDuration;
    private readonly long[] _deadLetterTotals = new long[ReasonTags.Length];
    private PartitionReading[] _lag = [];
    private PartitionReading[] _stateKeys = [];
    private PartitionReading[] _stateBytes = [];
    private PartitionReading[] _restoreRemaining = [];

    /// <summary>Creates the instruments on a new meter (one per processor instance).</summary>
    public ProcessorMetrics()
    {
        Meter = new Meter(MeterName, Version);
        _consumed = Meter.CreateCounter<long>("streamagg.processor.events.consumed", "{event}", "Input records handed to the engagement tasks.");
        _applied = Meter.CreateCounter<long>("streamagg.processor.events.applied", "{event}", "Events the engagement core applied.");
        _deadLettered = Meter.CreateCounter<long>("streamagg.processor.events.dead_lettered", "{event}", "Records sent to the dead-letter topic, by reason.");
        _duplicates = Meter.CreateCounter<long>("streamagg.processor.events.duplicates", "{event}", "Events dropped as duplicates (not dead letters).");
        _late = Meter.CreateCounter<long>("streamagg.processor.events.late", "{event}", "Events older than the allowed lateness (also dead-lettered with reason late).");
        _openSessions = Meter.CreateUpDownCounter<long>("streamagg.processor.sessions.open", "{session}", "Viewing sessions open now.");
        _sessionsClosed = Meter.CreateCounter<long>("streamagg.processor.sessions.closed", "{session}", "Viewing sessions closed, by cause (timeout, new_session, end).");
        _rows = Meter.CreateCounter<long>("streamagg.processor.engagement.rows.emitted", "{row}", "Engagement rows sent (one per changed key per commit interval).");
        _cells = Meter.CreateCounter<long>("streamagg.processor.heatmap.cells.emitted", "{cell}", "Heatmap (video, day, second) cells sent in heatmap deltas.");
        _latency = Meter.CreateHistogram(
            "streamagg.processor.end_to_end.latency", "s", "Wall clock when a row is emitted minus the player's timestamp of its newest event.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _commits = Meter.CreateCounter<long>("streamagg.processor.commits", "{commit}", "Commit cycles that committed something (a transaction under exactly-once).");
        _transactionDuration = Meter.CreateHistogram(
            "streamagg.processor.transaction.duration", "s", "Time to commit one cycle: offsets into the transaction and the transaction commit (the producer flush under at-least-once).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _aborts = Meter.CreateCounter<long>("streamagg.processor.transaction.aborts", "{transaction}", "Transactions aborted, by cause.");
        _restoredRecords = Meter.CreateCounter<long>("streamagg.processor.restore.records", "{record}", "Changelog records applied while restoring state.");
        _restoreDuration = Meter.CreateHistogram(
            "streamagg.processor.restore.duration", "s", "Time to restore one changelog partition.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        Meter.CreateObservableGauge("streamagg.processor.consumer.lag", () => Observe(_lag), "{record}", "Records of an input partition not processed yet (high watermark minus position), per topic and partition.");
        _evicted = Meter.CreateCounter<long>("streamagg.processor.state.evicted", "{key}", "Finished keys moved from memory to the disk tier (--state-dir) to keep within --state-cache-mb.");
        _loaded = Meter.CreateCounter<long>("streamagg.processor.state.loaded", "{key}", "Keys loaded back from the disk tier on their next event, session close or row.");
        Meter.CreateObservableGauge("streamagg.processor.state.keys", () => Observe(_stateKeys), "{key}", "(user, video) keys held, per input partition.");
        Meter.CreateObservableGauge("streamagg.processor.state.bytes", () => Observe(_stateBytes), "By", "Heap bytes of the keys' state, per input partition (sampled).");
        Meter.CreateObservableGauge("streamagg.processor.restore.remaining", () => Observe(_restoreRemaining), "{record}", "Changelog records still to restore, per changelog partition (0 once restored).");
    }

    /// <summary>Instruments nobody reads, for tasks built without a processor (the test driver).</summary>
    internal static ProcessorMetrics Unobserved { get; } = new();

    /// <summary>The meter these instruments live on.</summary>
    public Meter Meter { get; }

    /// <summary>Dead letters sent so far per reason, indexed by <see cref="DeadLetterReason"/> (for log summaries).</summary>
    internal long DeadLetterTotal(DeadLetterReason reason) => Interlocked.Read(ref _deadLetterTotals[(int)reason]);

    internal static string Version { get; } =
        typeof(ProcessorMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Takes one task's counts of a commit interval.</summary>
    internal void Add(TaskCounts counts)
    {
        Add(_consumed, ref counts.Consumed);
        Add(_applied, ref counts.Applied);
        Add(_duplicates, ref counts.Duplicates);
        Add(_late, ref counts.Late);
        Add(_rows, ref counts.Rows);
        Add(_cells, ref counts.Cells);
        Add(_evicted, ref counts.Evicted);
        Add(_loaded, ref counts.Loaded);
        for (var i = 1; i < counts.DeadLettered.Length; i++)
        {
            if (counts.DeadLettered[i] != 0)
            {
                Interlocked.Add(ref _deadLetterTotals[i], counts.DeadLettered[i]);
                _deadLettered.Add(counts.DeadLettered[i], in ReasonTags[i]);
                counts.DeadLettered[i] = 0;
            }
        }

        for (var i = 0; i < counts.Closed.Length; i++)
        {
            if (counts.Closed[i] != 0)
            {
                _sessionsClosed.Add(counts.Closed[i], in CauseTags[i]);
                counts.Closed[i] = 0;
            }
        }

        if (counts.OpenedMinusClosed != 0)
        {
            _openSessions.Add(counts.OpenedMinusClosed);
            counts.OpenedMinusClosed = 0;
        }
    }

    internal void OpenSessionsChanged(long delta) => _openSessions.Add(delta);

    internal void EndToEndLatency(double seconds) => _latency.Record(seconds);

    internal bool LatencyEnabled => _latency.Enabled;

    internal void Committed(double seconds)
    {
        _commits.Add(1);
        _transactionDuration.Record(seconds);
    }

    internal void Aborted(AbortCause cause) => _aborts.Add(1, new KeyValuePair<string, object?>("cause", AbortCauses.Name(cause)));

    internal void Restored(long records, double seconds)
    {
        _restoredRecords.Add(records);
        _restoreDuration.Record(seconds);
    }

    internal void PublishLag(PartitionReading[] readings) => Volatile.Write(ref _lag, readings);

    internal void PublishState(PartitionReading[] keys, PartitionReading[] bytes)
    {
        Volatile.Write(ref _stateKeys, keys);
        Volatile.Write(ref _stateBytes, bytes);
    }

    internal void PublishRestoreRemaining(PartitionReading[] readings) => Volatile.Write(ref _restoreRemaining, readings);

    private static void Add(Counter<long> counter, ref long count)
    {
        if (count != 0)
        {
            counter.Add(count);
            count = 0;
        }
    }

    private static IEnumerable<Measurement<long>> Observe(PartitionReading[] readings)
    {
        var measurements = new Measurement<long>[readings.Length];
        for (var i = 0; i < readings.Length; i++)
        {
            measurements[i] = new Measurement<long>(readings[i].Value, readings[i].Tags);
        }

        return measurements;
    }

    private static TagList[] BuildReasonTags()
    {
        var reasons = Enum.GetValues<DeadLetterReason>();
        var tags = new TagList[reasons.Length];
        foreach (var reason in reasons)
        {
            if (reason != DeadLetterReason.None)
            {
                tags[(int)reason] = new TagList { { "reason", reason.ToWireName() } };
            }
        }

        return tags;
    }

    /// <inheritdoc/>
    public void Dispose() => Meter.Dispose();
}
