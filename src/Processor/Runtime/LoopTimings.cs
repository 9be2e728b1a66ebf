using System.Diagnostics;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Wall time and calls per <see cref="LoopPhase"/> of one stream thread, so a benchmark can tell
/// waiting on Kafka from working. Only the stream thread adds; anyone may take a snapshot (64-bit
/// reads are atomic). Two timestamp reads per phase and per commit call: nothing per record.
/// </summary>
internal sealed class LoopTimings
{
    private static readonly int PhaseCount = Enum.GetValues<LoopPhase>().Length;

    private readonly long[] _ticks = new long[PhaseCount];
    private readonly long[] _calls = new long[PhaseCount];

    /// <summary>Counts the time from <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp) to now; returns now.</summary>
    public long Add(LoopPhase phase, long started)
    {
        var now = Stopwatch.GetTimestamp();
        _ticks[(int)phase] += now - started;
        _calls[(int)phase]++;
        return now;
    }

    public LoopTimesSnapshot Snapshot()
    {
        var ticks = new long[PhaseCount];
        var calls = new long[PhaseCount];
        for (var i = 0; i < PhaseCount; i++)
        {
            ticks[i] = Volatile.Read(ref _ticks[i]);
            calls[i] = Volatile.Read(ref _calls[i]);
        }

        return new LoopTimesSnapshot(ticks, calls);
    }
}
