using System.Diagnostics.Metrics;
using StreamAgg.Processor.Observability;

namespace StreamAgg.Bench.State;

/// <summary>
/// The disk tier's evictions and loads one processor reported (its <c>streamagg.processor.state.*</c>
/// counters), and the keys and heap bytes its tasks held in memory at their last snapshot.
/// </summary>
internal sealed class StateTierCounts : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _evicted;
    private long _loaded;
    private long _heldKeys;
    private long _heldBytes;

    public StateTierCounts(ProcessorMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == metrics.Meter && instrument.Name.StartsWith("streamagg.processor.state.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "streamagg.processor.state.evicted":
                    Interlocked.Add(ref _evicted, value);
                    break;
                case "streamagg.processor.state.loaded":
                    Interlocked.Add(ref _loaded, value);
                    break;
                case "streamagg.processor.state.keys":
                    _heldKeys += value;
                    break;
                case "streamagg.processor.state.bytes":
                    _heldBytes += value;
                    break;
            }
        });
        _listener.Start();
    }

    public long Evicted => Interlocked.Read(ref _evicted);

    public long Loaded => Interlocked.Read(ref _loaded);

    /// <summary>Keys and heap bytes held in memory, summed over the partitions, as last sampled (every few seconds).</summary>
    public (long Keys, long Bytes) Held()
    {
        (_heldKeys, _heldBytes) = (0, 0);
        _listener.RecordObservableInstruments();
        return (_heldKeys, _heldBytes);
    }

    public void Dispose() => _listener.Dispose();
}
