using System.Diagnostics;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Where a restoration's wall time went, from stopwatch timestamps (a few per batch of records, and
/// two per <c>Consume</c> that found nothing waiting). On the restoring thread: looking up the
/// changelogs' offsets and assigning them (<see cref="Setup"/>), waiting for fetched records
/// (<see cref="Starved"/>), handing them to the tasks (<see cref="Handing"/>), and closing. On the
/// fetching thread (<see cref="ChangelogFetcher"/>): the blocking <c>Consume</c> calls
/// (<see cref="Consuming"/>, of which those that waited for a fetch are counted apart), and the
/// time it was held back because the restoring thread had every batch (<see cref="HeldBack"/>).
/// </summary>
internal readonly record struct RestoreTimings(
    TimeSpan Setup, TimeSpan Consuming, TimeSpan Waiting, long Waits, long ConsumeCalls, TimeSpan HeldBack,
    TimeSpan Starved, TimeSpan Handing, TimeSpan Closing)
{
    /// <summary>A <c>Consume</c> call this long or longer waited for data (popping a fetched record takes about a microsecond).</summary>
    public static readonly long WaitThresholdTicks = Stopwatch.Frequency / 10_000;

    public static RestoreTimings operator +(RestoreTimings a, RestoreTimings b) => new(
        a.Setup + b.Setup, a.Consuming + b.Consuming, a.Waiting + b.Waiting, a.Waits + b.Waits,
        a.ConsumeCalls + b.ConsumeCalls, a.HeldBack + b.HeldBack, a.Starved + b.Starved, a.Handing + b.Handing, a.Closing + b.Closing);

    public static TimeSpan Ticks(long stopwatchTicks) => Stopwatch.GetElapsedTime(0, stopwatchTicks);
}
