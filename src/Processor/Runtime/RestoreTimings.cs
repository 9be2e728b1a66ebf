using System.Diagnostics;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Where a restoration's wall time went on the restoring thread, from stopwatch timestamps (two per
/// record, tens of nanoseconds each): looking up the changelogs' offsets and assigning them, inside
/// <c>Consume</c> (of which the calls that blocked waiting for a fetch are counted apart), handing
/// the records to the tasks, and closing. What is left of the wall time is outside these phases.
/// </summary>
internal readonly record struct RestoreTimings(
    TimeSpan Setup, TimeSpan Consuming, TimeSpan Waiting, long Waits, long ConsumeCalls, TimeSpan Handing, TimeSpan Closing)
{
    /// <summary>A <c>Consume</c> call this long or longer waited for data (popping a fetched record takes about a microsecond).</summary>
    public static readonly long WaitThresholdTicks = Stopwatch.Frequency / 10_000;

    public static RestoreTimings operator +(RestoreTimings a, RestoreTimings b) => new(
        a.Setup + b.Setup, a.Consuming + b.Consuming, a.Waiting + b.Waiting, a.Waits + b.Waits,
        a.ConsumeCalls + b.ConsumeCalls, a.Handing + b.Handing, a.Closing + b.Closing);

    public static TimeSpan Ticks(long stopwatchTicks) => Stopwatch.GetElapsedTime(0, stopwatchTicks);
}
