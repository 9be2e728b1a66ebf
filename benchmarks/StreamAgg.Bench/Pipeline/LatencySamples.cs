using System.Diagnostics;
using System.Globalization;

namespace StreamAgg.Bench.Pipeline;

/// <summary>Latencies of one path (Kafka or PostgreSQL), each with when its event was produced, and their percentiles.</summary>
internal sealed class LatencySamples
{
    private readonly List<(long Produced, long Latency)> _samples = new(1 << 16);

    public int Count => _samples.Count;

    public void Add(long producedTicks, long nowTicks) => _samples.Add((producedTicks, nowTicks - producedTicks));

    /// <summary>"p50 … p95 … p99 … max …" in milliseconds, over the events produced at or after <paramref name="fromTicks"/>.</summary>
    public string Describe(long fromTicks)
    {
        var sorted = _samples.Where(s => s.Produced >= fromTicks).Select(s => s.Latency).Order().ToArray();
        if (sorted.Length == 0)
        {
            return "no events";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {Ms(Percentile(sorted, 0.50))} p95 {Ms(Percentile(sorted, 0.95))} p99 {Ms(Percentile(sorted, 0.99))} max {Ms(sorted[^1])} ms ({sorted.Length:N0} events)");
    }

    private static long Percentile(long[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Ms(long ticks) => (ticks * 1000.0 / Stopwatch.Frequency).ToString("F0", CultureInfo.InvariantCulture);
}
