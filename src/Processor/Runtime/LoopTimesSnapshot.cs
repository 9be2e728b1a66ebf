using System.Diagnostics;

namespace StreamAgg.Processor.Runtime;

/// <summary>The totals of a <see cref="LoopTimings"/> at one moment; <see cref="Since"/> gives a window's.</summary>
internal sealed class LoopTimesSnapshot
{
    private readonly long[] _ticks;
    private readonly long[] _calls;

    public LoopTimesSnapshot(long[] ticks, long[] calls)
    {
        _ticks = ticks;
        _calls = calls;
    }

    public TimeSpan Time(LoopPhase phase) => TimeSpan.FromSeconds(_ticks[(int)phase] / (double)Stopwatch.Frequency);

    public long Calls(LoopPhase phase) => _calls[(int)phase];

    public LoopTimesSnapshot Since(LoopTimesSnapshot earlier)
    {
        var ticks = new long[_ticks.Length];
        var calls = new long[_calls.Length];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = _ticks[i] - earlier._ticks[i];
            calls[i] = _calls[i] - earlier._calls[i];
        }

        return new LoopTimesSnapshot(ticks, calls);
    }
}
