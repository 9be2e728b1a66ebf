using System.Runtime.InteropServices;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): it does not grow when
/// other processes take the cores, so it compares across a noisy machine.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static double Seconds() =>
        clock_gettime(ClockThreadCpuTimeId, out var now) == 0 ? now.Seconds + (now.Nanoseconds / 1e9) : double.NaN;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
