using System.Globalization;

namespace StreamAgg.Bench.Pipeline;

/// <summary>The collections and pause time of the runtime's GC over a measured phase.</summary>
internal readonly record struct GcActivity(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcActivity Snapshot() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public string Since(GcActivity before) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Gen0 - before.Gen0} gen0, {Gen1 - before.Gen1} gen1, {Gen2 - before.Gen2} gen2 collections, {(Paused - before.Paused).TotalSeconds:F3} s paused");
}
