using System.Buffers;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Videos;
using StreamAgg.Heatmap;
using StreamAgg.Hll;

namespace StreamAgg.Benchmarks.Batch;

/// <summary>
/// Memory held per key (managed heap after a full collection, divided by the keys) with the
/// sessions still open at the end of input, then after <see cref="EngagementEngine.Flush"/>
/// closed them, with the mean serialized state size; and the heatmap's totals after all credits.
/// </summary>
internal static class StateFootprint
{
    public static void Run(int repeats)
    {
        var traffic = ScenarioTraffic.Create(repeats, validOnly: false);
        var catalog = new VideoCatalog();
        var heatmap = new HeatmapAccumulator(HllSettings.Default, null, HeatmapTracking.Totals);
        var output = new HeatmapOnly(heatmap);
        var parser = new PlayerEventParser();
        long before = Heap();
        var engine = new EngagementEngine(EngagementOptions.Default, catalog, output);
        output.Enabled = false;
        int start = 0;
        while (start < traffic.Events.Length)
        {
            int end = Array.IndexOf(traffic.Events, (byte)'\n', start);
            if (parser.TryParse(traffic.Events.AsSpan(start, end - start), out var evt) == DeadLetterReason.None)
            {
                engine.Apply(evt);
            }

            start = end + 1;
        }

        long open = Heap() - before;
        double openSerialized = MeanSerialized(engine);
        engine.Flush();
        long finished = Heap() - before;
        double finishedSerialized = MeanSerialized(engine);
        Console.WriteLine($"scenario 11 x {repeats}: {engine.KeyCount:N0} keys");
        Console.WriteLine($"  open sessions (end of input, before flush): {(double)open / engine.KeyCount,6:F0} B per key in memory, {openSerialized,5:F0} B serialized");
        Console.WriteLine($"  finished (after flush):                     {(double)finished / engine.KeyCount,6:F0} B per key in memory, {finishedSerialized,5:F0} B serialized");

        // The heatmap of the same traffic, fed separately.
        output.Enabled = true;
        long heatmapBefore = Heap();
        var replay = new EngagementEngine(EngagementOptions.Default, catalog, output);
        start = 0;
        while (start < traffic.Events.Length)
        {
            int end = Array.IndexOf(traffic.Events, (byte)'\n', start);
            if (parser.TryParse(traffic.Events.AsSpan(start, end - start), out var evt) == DeadLetterReason.None)
            {
                replay.Apply(evt);
            }

            start = end + 1;
        }

        replay.Flush();
        long withHeatmap = Heap() - heatmapBefore;
        Console.WriteLine($"  heatmap totals: {(withHeatmap - finished) / 1e6:F1} MB for {heatmap.VideoDayCount} (video, day) pairs");
        GC.KeepAlive(engine);
        GC.KeepAlive(replay);
        GC.KeepAlive(heatmap);
        GC.KeepAlive(traffic);
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double MeanSerialized(EngagementEngine engine)
    {
        var buffer = new ArrayBufferWriter<byte>();
        long total = 0;
        foreach (EngagementKey key in engine.Keys)
        {
            buffer.ResetWrittenCount();
            engine.TryGetState(key, out EngagementKeyState? state);
            state!.Serialize(buffer);
            total += buffer.WrittenCount;
        }

        return (double)total / engine.KeyCount;
    }

    private sealed class HeatmapOnly(HeatmapAccumulator heatmap) : IEngagementOutput
    {
        public bool Enabled { get; set; }

        public void OnCredited(in EngagementKey key, in CreditedInterval interval)
        {
            if (Enabled)
            {
                var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(interval.CreditedFromMs).UtcDateTime);
                heatmap.Credit(key.VideoId, day, key.UserId, interval.Start, interval.End);
            }
        }

        public void OnRowChanged(in EngagementKey key)
        {
        }
    }
}
