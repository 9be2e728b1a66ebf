using System.Diagnostics;
using System.Globalization;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Bench.Pipeline;

/// <summary>What a bench prints: steps with the time since it started, then its figures.</summary>
internal sealed class BenchLog(TextWriter output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Step(string what) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:F1}s] {what}"));

    public void Figure(string name, string value) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-34} {value}"));

    public void Heading(string what) => output.WriteLine($"== {what} ({MachineLoad.Describe()})");

    /// <summary>The stream thread's wall time by phase of its loop: waiting on Kafka against working.</summary>
    public void LoopBreakdown(LoopTimesSnapshot phases, TimeSpan wall)
    {
        Figure("stream thread's wall time by phase", "(share of the window; calls; mean per call)");
        foreach (var phase in Enum.GetValues<LoopPhase>())
        {
            var calls = phases.Calls(phase);
            if (calls == 0)
            {
                continue;
            }

            var time = phases.Time(phase);
            Figure(
                $"  {phase}",
                string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds,6:F2} s {time / wall,6:P1}; {calls,7:N0} calls; {time.TotalMilliseconds / calls,8:F3} ms"));
        }
    }

    public void CpuBreakdown(ThreadCpuTimes before, ThreadCpuTimes after, double wallSeconds)
    {
        var total = (after.ProcessTotal - before.ProcessTotal).TotalSeconds;
        Figure("CPU, whole process", string.Create(CultureInfo.InvariantCulture, $"{total:F2} s ({total / wallSeconds:F2} cores busy on average)"));
        var listed = 0.0;
        foreach (var (group, seconds) in after.Since(before).Where(g => g.Seconds >= 0.05).Take(12))
        {
            Figure($"  threads '{group}'", string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s"));
            listed += seconds;
        }

        // Threads that ended before the last snapshot (a bench's producer) count in the total only.
        Figure("  threads not listed, or ended", string.Create(CultureInfo.InvariantCulture, $"{total - listed:F2} s"));
    }
}
