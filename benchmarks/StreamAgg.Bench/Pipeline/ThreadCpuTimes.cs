using System.Globalization;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// CPU seconds of every thread of this process, grouped by thread name, read from
/// <c>/proc/self/task/*/stat</c>. The embedded Kafka cluster runs inside the bench process, so
/// the process total mixes the brokers with the clients; the groups tell them apart
/// (librdkafka names its threads <c>rdk:…</c>, the mock brokers' thread is <c>rdk:mock</c>…).
/// Threads that end between two snapshots lose their time: the process total is exact.
/// </summary>
internal sealed class ThreadCpuTimes
{
    // utime and stime are in clock ticks; Linux reports them at USER_HZ = 100 everywhere.
    private const double TicksPerSecond = 100;

    private readonly Dictionary<int, (string Name, double Seconds)> _threads;

    private ThreadCpuTimes(Dictionary<int, (string Name, double Seconds)> threads, TimeSpan processTotal)
    {
        _threads = threads;
        ProcessTotal = processTotal;
    }

    public TimeSpan ProcessTotal { get; }

    public static ThreadCpuTimes Snapshot()
    {
        var threads = new Dictionary<int, (string, double)>();
        if (Directory.Exists("/proc/self/task"))
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (TryRead(Path.Combine(directory, "stat"), out var name, out var seconds)
                    && int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var tid))
                {
                    threads[tid] = (name, seconds);
                }
            }
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new ThreadCpuTimes(threads, self.TotalProcessorTime);
    }

    /// <summary>CPU seconds spent since <paramref name="before"/>, per thread-name group, largest first.</summary>
    public IReadOnlyList<(string Group, double Seconds)> Since(ThreadCpuTimes before)
    {
        var groups = new Dictionary<string, double>();
        foreach (var (tid, (name, seconds)) in _threads)
        {
            var spent = seconds - (before._threads.TryGetValue(tid, out var earlier) && earlier.Name == name ? earlier.Seconds : 0);
            if (spent <= 0)
            {
                continue;
            }

            var group = Group(name);
            groups[group] = groups.GetValueOrDefault(group) + spent;
        }

        return groups.OrderByDescending(g => g.Value).Select(g => (g.Key, g.Value)).ToList();
    }

    /// <summary>Thread names end in numbers (rdk:broker3, .NET TP Worker): one group per kind.</summary>
    private static string Group(string name) => name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ', '#', '-');

    private static bool TryRead(string path, out string name, out double seconds)
    {
        name = "";
        seconds = 0;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return false; // the thread ended meanwhile
        }

        // "tid (comm) state ppid …": comm may contain spaces and parentheses, so cut at the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return false;
        }

        name = text[(open + 1)..close];
        var fields = text[(close + 2)..].Split(' ');
        // After comm: state is field 3, utime field 14, stime field 15 (1-based, as in proc(5)).
        if (fields.Length < 13
            || !long.TryParse(fields[11], CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], CultureInfo.InvariantCulture, out var system))
        {
            return false;
        }

        seconds = (user + system) / TicksPerSecond;
        return true;
    }
}
