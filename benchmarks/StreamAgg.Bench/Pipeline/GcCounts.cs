using System.Globalization;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// Collections per generation, bytes allocated and time paused by the GC, process-wide: what the
/// managed heap costs a run (the stream thread pays the workstation GC's gen0 collections itself).
/// </summary>
internal readonly record struct GcCounts(int Gen0, int Gen1, int Gen2, long AllocatedBytes, TimeSpan Paused)
{
    public static GcCounts Snapshot() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration());

    public string Since(GcCounts before, long events)
    {
        var allocated = AllocatedBytes - before.AllocatedBytes;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{allocated / 1e6:N0} MB allocated ({(double)allocated / Math.Max(1, events):N0} B per event); collections gen0 {Gen0 - before.Gen0}, gen1 {Gen1 - before.Gen1}, gen2 {Gen2 - before.Gen2}; paused {(Paused - before.Paused).TotalMilliseconds:N0} ms");
    }
}
