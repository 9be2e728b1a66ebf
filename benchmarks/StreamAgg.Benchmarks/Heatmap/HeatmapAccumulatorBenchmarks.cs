using BenchmarkDotNet.Attributes;
using StreamAgg.Heatmap;

namespace StreamAgg.Benchmarks.Heatmap;

/// <summary>Crediting one-minute intervals of 5000 viewers on 10 videos, totals and deltas.</summary>
[MemoryDiagnoser]
public class HeatmapAccumulatorBenchmarks
{
    private const int Credits = 20_000;
    private static readonly DateOnly Day = new(2026, 11, 20);
    private readonly string[] _users = Enumerable.Range(0, 5000).Select(i => "user_" + i).ToArray();
    private readonly string[] _videos = Enumerable.Range(0, 10).Select(i => "video_" + i).ToArray();

    [Benchmark(OperationsPerInvoke = Credits * 60)]
    public HeatmapAccumulator CreditSixtySecondIntervals()
    {
        var heatmap = new HeatmapAccumulator();
        for (int i = 0; i < Credits; i++)
        {
            int start = i % 240;
            heatmap.Credit(_videos[i % _videos.Length], Day, _users[i % _users.Length], start, start + 60);
        }

        return heatmap;
    }
}
