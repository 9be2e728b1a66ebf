using System.Diagnostics;
using System.Globalization;
using StreamAgg.Hll;

namespace StreamAgg.Benchmarks.Hll;

// Adds of precomputed hashes into a FULL (14, 5) sketch per CPU-second of this process, beside the
// wall-clock rate: on a shared machine the wall clock mostly measures the neighbours, while the CPU
// time counts only the core time the adds got (a single thread; the runtime's other threads idle).
// Two hash sets: 32,768 random hashes re-added (the BenchmarkDotNet case: registers already hold
// them, so most adds only compare), and fresh random hashes into a new sketch per million adds
// (every add a new distinct value, as viewers arriving).
internal static class HllAddThroughput
{
    public static void Run(long adds, int rounds)
    {
        var random = new Random(42);
        var repeated = new long[1 << 15];
        var fresh = new long[1 << 20];
        for (var i = 0; i < repeated.Length; i++)
            repeated[i] = random.NextInt64(long.MinValue, long.MaxValue);
        for (var i = 0; i < fresh.Length; i++)
            fresh[i] = random.NextInt64(long.MinValue, long.MaxValue);
        var full = new HllSketch();
        foreach (var hash in repeated)
            full.Add(hash);
        Console.WriteLine(Invariant($"{adds:N0} adds per measurement into FULL (14, 5) sketches; load {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine("hashes   | adds per CPU-second | adds per wall-second | bytes allocated");
        for (var round = 0; round < rounds; round++)
        {
            Measure("repeated", adds, () => AddRepeated(full, repeated, adds));
            Measure("fresh", adds, () => AddFresh(fresh, adds));
        }
        Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static void Measure(string name, long adds, Action run)
    {
        run(); // JIT and caches warm
        using var process = Process.GetCurrentProcess();
        var wall = new Stopwatch();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        wall.Start();
        run();
        wall.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        process.Refresh();
        var cpuTime = process.TotalProcessorTime - cpu;
        Console.WriteLine(Invariant($"{name,-8} | {adds / cpuTime.TotalSeconds,19:N0} | {adds / wall.Elapsed.TotalSeconds,20:N0} | {allocated:N0}"));
    }

    private static void AddRepeated(HllSketch sketch, long[] hashes, long adds)
    {
        for (long done = 0; done < adds; done += hashes.Length)
        {
            foreach (var hash in hashes)
                sketch.Add(hash);
        }
    }

    // A sketch per pass over the hashes: new sketches start EXPLICIT and turn FULL after 1,280,
    // so every pass pays that start once (outside the adds' hot path, and allocating one sketch).
    private static void AddFresh(long[] hashes, long adds)
    {
        for (long done = 0; done < adds; done += hashes.Length)
        {
            var sketch = new HllSketch();
            foreach (var hash in hashes)
                sketch.Add(hash);
            GC.KeepAlive(sketch);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
