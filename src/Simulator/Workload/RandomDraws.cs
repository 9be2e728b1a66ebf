namespace StreamAgg.Simulator.Workload;

/// <summary>The few distributions the workload draws from, on top of a seeded <see cref="Random"/>.</summary>
internal static class RandomDraws
{
    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static double Uniform(this Random random, double low, double high) => low + ((high - low) * random.NextDouble());

    /// <summary>A whole number of milliseconds drawn uniformly between two bounds given in seconds.</summary>
    public static long UniformMs(this Random random, double lowSeconds, double highSeconds) =>
        (long)(random.Uniform(lowSeconds, highSeconds) * 1000);

    public static double Exponential(this Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    public static T Pick<T>(this Random random, ReadOnlySpan<T> items) => items[random.Next(items.Length)];
}
