using System.Diagnostics;
using System.Globalization;

namespace StreamAgg.Bench.Heatmap;

/// <summary>Times a query: warm-up runs, then <c>runs</c> timed ones; percentiles by nearest rank.</summary>
internal sealed record QueryLatency(string Name, int Runs, double P50Ms, double P95Ms, double MaxMs, string Check)
{
    public static async Task<QueryLatency> MeasureAsync(TextWriter output, string name, int warmups, int runs, Func<Task<string>> query)
    {
        var check = "";
        for (var i = 0; i < warmups; i++)
            check = await query();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            check = await query();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        double Rank(double p) => times[Math.Clamp((int)Math.Ceiling(p * runs) - 1, 0, runs - 1)];
        var latency = new QueryLatency(name, runs, Rank(0.5), Rank(0.95), times[^1], check);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: p50 {latency.P50Ms:F1} ms, p95 {latency.P95Ms:F1} ms ({runs} runs) {check}"));
        return latency;
    }
}
