using System.Buffers;

namespace StreamAgg.Heatmap.Tests;

/// <summary>
/// With deltas alone (the streaming processor) the accumulator forgets (video, day) pairs idle for
/// two drains, so its memory follows what is watched now, not history; the deltas it writes stay
/// exactly those of an accumulator that forgets nothing (one that also keeps totals).
/// </summary>
public sealed class HeatmapAccumulatorForgettingTests
{
    private static readonly DateOnly FirstDay = new(2026, 1, 1);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(5, 2000)] // crowded seconds: sketches with registers are reused, then forgotten
    public void TryDrainNextDelta_DaysGoBy_HoldsOnlyRecentPairsAndWritesTheSameBytes(int seed, int viewers)
    {
        var forgetting = new HeatmapAccumulator(Hll.HllSettings.Default, "salt", HeatmapTracking.Deltas);
        var keeping = new HeatmapAccumulator(Hll.HllSettings.Default, "salt", HeatmapTracking.Both);
        var random = new Random(seed);
        var writer = new ArrayBufferWriter<byte>();
        for (int round = 0; round < 40; round++)
        {
            // Each round credits today and, now and then, a late viewer of an older day (which
            // comes back after being forgotten).
            DateOnly today = FirstDay.AddDays(round / 2);
            for (int i = 0; i < viewers + 2; i++)
            {
                DateOnly day = i >= viewers ? FirstDay.AddDays(random.Next(round / 2 + 1)) : today;
                string video = "video-" + random.Next(3);
                string user = "user-" + random.Next(viewers);
                double from = random.Next(300);
                double to = from + random.Next(1, 60);
                forgetting.Credit(video, day, user, from, to);
                keeping.Credit(video, day, user, from, to);
            }

            Assert.Equal(Drain(keeping, writer), Drain(forgetting, writer));
        }

        Assert.True(keeping.VideoDayCount >= 3 * 20, $"the reference keeps every pair ({keeping.VideoDayCount})");
        Assert.True(forgetting.VideoDayCount < keeping.VideoDayCount / 2, $"held {forgetting.VideoDayCount} of {keeping.VideoDayCount} pairs");
    }

    private static List<byte[]> Drain(HeatmapAccumulator heatmap, ArrayBufferWriter<byte> writer)
    {
        var deltas = new List<byte[]>();
        writer.ResetWrittenCount();
        while (heatmap.TryDrainNextDelta(writer, out _, out _, out _))
        {
            deltas.Add(writer.WrittenSpan.ToArray());
            writer.ResetWrittenCount();
        }

        return deltas;
    }
}
