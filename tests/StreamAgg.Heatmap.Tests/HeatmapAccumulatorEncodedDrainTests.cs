using System.Buffers;

namespace StreamAgg.Heatmap.Tests;

/// <summary>
/// <see cref="HeatmapAccumulator.TryDrainNextDelta"/> writes the deltas without building them: its
/// bytes must be exactly what <see cref="HeatmapDeltaCodec"/> writes for what
/// <see cref="HeatmapAccumulator.DrainDeltas"/> returns, delta by delta, drain after drain.
/// </summary>
public sealed class HeatmapAccumulatorEncodedDrainTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(7, 40)]
    [InlineData(3, 3000)] // crowded seconds pass the explicit threshold (1,280): sketches with registers
    public void TryDrainNextDelta_RandomCredits_SameBytesAndOrderAsDrainDeltas(int seed, int viewers)
    {
        var built = new HeatmapAccumulator(Hll.HllSettings.Default, "salt", HeatmapTracking.Deltas);
        var streamed = new HeatmapAccumulator(Hll.HllSettings.Default, "salt", HeatmapTracking.Deltas);
        var random = new Random(seed);
        var writer = new ArrayBufferWriter<byte>();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < viewers * 4; i++)
            {
                string video = "video-" + random.Next(5);
                DateOnly day = Day.AddDays(random.Next(2));
                string user = "user-" + random.Next(viewers);
                // Some intervals cross a 256-second page; some start at fractional positions.
                double from = random.Next(600) + (random.Next(2) * 0.5);
                double to = from + random.Next(1, 90);
                built.Credit(video, day, user, from, to);
                streamed.Credit(video, day, user, from, to);
            }

            var expected = built.DrainDeltas();
            var actual = new List<(string Video, DateOnly Day, int Seconds, byte[] Bytes)>();
            writer.ResetWrittenCount();
            while (streamed.TryDrainNextDelta(writer, out var video, out var day, out var seconds))
            {
                actual.Add((video, day, seconds, writer.WrittenSpan.ToArray()));
                writer.ResetWrittenCount();
            }

            Assert.Equal(expected.Count, actual.Count);
            for (int d = 0; d < expected.Count; d++)
            {
                Assert.Equal((expected[d].VideoId, expected[d].Day, expected[d].Seconds.Count), (actual[d].Video, actual[d].Day, actual[d].Seconds));
                Assert.Equal(HeatmapDeltaCodec.ToBytes(expected[d]), actual[d].Bytes);
            }
        }
    }

    [Fact]
    public void TryDrainNextDelta_NothingCredited_ReturnsFalseAndWritesNothing()
    {
        var heatmap = new HeatmapAccumulator();
        var writer = new ArrayBufferWriter<byte>();

        Assert.False(heatmap.TryDrainNextDelta(writer, out _, out _, out _));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void TryDrainNextDelta_AfterAllDrained_NextCreditsFormNewDeltas()
    {
        var heatmap = new HeatmapAccumulator();
        var writer = new ArrayBufferWriter<byte>();
        heatmap.Credit("v", Day, "a", 0, 2);
        while (heatmap.TryDrainNextDelta(writer, out _, out _, out _))
        {
        }

        heatmap.Credit("v", Day, "b", 5, 6);
        writer.ResetWrittenCount();

        Assert.True(heatmap.TryDrainNextDelta(writer, out _, out _, out var seconds));
        HeatmapDelta delta = HeatmapDeltaCodec.Read(writer.WrittenSpan);
        Assert.Equal(1, seconds);
        Assert.Equal([(5, 1L)], delta.Seconds.Select(s => (s.Second, s.Plays)));
        Assert.Equal(1, delta.Seconds[0].Viewers.Cardinality());
        Assert.False(heatmap.TryDrainNextDelta(writer, out _, out _, out _));
    }
}
