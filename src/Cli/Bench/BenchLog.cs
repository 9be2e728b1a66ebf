using System.Diagnostics;
using System.Globalization;

namespace StreamAgg.Cli.Bench;

/// <summary>What a bench prints: steps with the time since it started, then its figures.</summary>
internal sealed class BenchLog(TextWriter output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Step(string what) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:F1}s] {what}"));

    public void Figure(string name, string value) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-34} {value}"));

    public void Heading(string what) => output.WriteLine($"== {what} ({MachineLoad.Describe()})");

    public void CpuBreakdown(ThreadCpuTimes before, ThreadCpuTimes after, double wallSeconds)
    {
        var total = (after.ProcessTotal - before.ProcessTotal).TotalSeconds;
        Figure("CPU, whole process", string.Create(CultureInfo.InvariantCulture, $"{total:F2} s ({total / wallSeconds:F2} cores busy on average)"));
        foreach (var (group, seconds) in after.Since(before).Where(g => g.Seconds >= 0.05).Take(10))
        {
            Figure($"  threads '{group}'", string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s"));
        }
    }
}
