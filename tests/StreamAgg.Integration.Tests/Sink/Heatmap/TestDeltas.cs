using StreamAgg.Heatmap;
using StreamAgg.Hll;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>Deltas built the way the processor builds them: a deltas-only accumulator, drained.</summary>
internal static class TestDeltas
{
    /// <summary>
    /// One delta per (video, day) in which each of <paramref name="users"/> watched
    /// [<paramref name="from"/>, <paramref name="to"/>) once.
    /// </summary>
    public static HeatmapDelta Watched(string videoId, DateOnly day, IEnumerable<string> users, double from, double to)
    {
        var accumulator = new HeatmapAccumulator(HllSettings.Default, saltSecret: null, HeatmapTracking.Deltas);
        foreach (var user in users)
            accumulator.Credit(videoId, day, user, from, to);
        return accumulator.DrainDeltas().Single();
    }

    public static IEnumerable<string> Users(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"{prefix}{i}");
}
