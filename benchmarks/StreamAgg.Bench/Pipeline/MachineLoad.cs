using System.Globalization;

namespace StreamAgg.Bench.Pipeline;

/// <summary>The machine's load average and core count: every bench figure is printed with them, the machines being shared.</summary>
internal static class MachineLoad
{
    public static string Describe()
    {
        var load = "unknown";
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            load = string.Join(" ", fields.Take(3));
        }
        catch (IOException)
        {
        }

        return string.Create(CultureInfo.InvariantCulture, $"load average {load} on {Environment.ProcessorCount} cores");
    }
}
