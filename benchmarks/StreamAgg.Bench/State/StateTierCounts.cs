using System.Diagnostics.Metrics;
using StreamAgg.Processor.Observability;

namespace StreamAgg.Bench.State;

/// <summary>The disk tier's evictions and loads one processor reported (its <c>streamagg.processor.state.*</c> counters).</summary>
internal sealed class StateTierCounts : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _evicted;
    private long _loaded;

    public StateTierCounts(ProcessorMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == metrics.Meter && instrument.Name is "streamagg.processor.state.evicted" or "streamagg.processor.state.loaded")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "streamagg.processor.state.evicted")
            {
                Interlocked.Add(ref _evicted, value);
            }
            else
            {
                Interlocked.Add(ref _loaded, value);
            }
        });
        _listener.Start();
    }

    public long Evicted => Interlocked.Read(ref _evicted);

    public long Loaded => Interlocked.Read(ref _loaded);

    public void Dispose() => _listener.Dispose();
}
