using System.Diagnostics;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Tests.Runtime;

public sealed class LoopTimingsTests
{
    [Fact]
    public void Add_TwoSpansOfOnePhase_SumsTheirTicksAndCounts()
    {
        var timings = new LoopTimings();
        var now = Stopwatch.GetTimestamp();
        timings.Add(LoopPhase.Acknowledge, now - Stopwatch.Frequency);
        timings.Add(LoopPhase.Acknowledge, now - Stopwatch.Frequency / 2);

        var snapshot = timings.Snapshot();

        Assert.Equal(2, snapshot.Calls(LoopPhase.Acknowledge));
        Assert.InRange(snapshot.Time(LoopPhase.Acknowledge).TotalSeconds, 1.5, 2.5);
        Assert.Equal(0, snapshot.Calls(LoopPhase.Process));
        Assert.Equal(TimeSpan.Zero, snapshot.Time(LoopPhase.Process));
    }

    [Fact]
    public void Add_ReturnsNow_SoConsecutivePhasesChainWithoutGaps()
    {
        var timings = new LoopTimings();
        var started = Stopwatch.GetTimestamp();
        var afterFirst = timings.Add(LoopPhase.SendOffsets, started);
        var afterSecond = timings.Add(LoopPhase.CommitTransaction, afterFirst);

        var snapshot = timings.Snapshot();

        Assert.True(afterFirst >= started && afterSecond >= afterFirst);
        // An identity of the timestamps, not a speed: the two phases cover started..afterSecond exactly.
        var summed = snapshot.Time(LoopPhase.SendOffsets) + snapshot.Time(LoopPhase.CommitTransaction);
        var covered = TimeSpan.FromSeconds((afterSecond - started) / (double)Stopwatch.Frequency);
        Assert.Equal(covered.TotalMicroseconds, summed.TotalMicroseconds, 0.2); // each TimeSpan rounds to 100 ns
    }

    [Fact]
    public void Since_AnEarlierSnapshot_CountsOnlyWhatCameAfter()
    {
        var timings = new LoopTimings();
        var now = Stopwatch.GetTimestamp();
        timings.Add(LoopPhase.Flush, now - Stopwatch.Frequency);
        var before = timings.Snapshot();
        timings.Add(LoopPhase.Flush, now - 2 * Stopwatch.Frequency);
        timings.Add(LoopPhase.PollEmpty, now);

        var window = timings.Snapshot().Since(before);

        Assert.Equal(1, window.Calls(LoopPhase.Flush));
        Assert.InRange(window.Time(LoopPhase.Flush).TotalSeconds, 2, 3);
        Assert.Equal(1, window.Calls(LoopPhase.PollEmpty));
    }
}
