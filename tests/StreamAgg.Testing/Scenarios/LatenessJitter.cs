namespace StreamAgg.Testing.Scenarios;

/// <summary>
/// Reorders events as a network would, without making any of them late: sorts by timestamp + a
/// random delay in [0, lateness), so an event f arriving before e has ts(f) − ts(e) &lt; lateness.
/// Equal timestamps get their delays in arrival order, so ties keep their order (ties apply in
/// arrival order, so it matters).
/// </summary>
public static class LatenessJitter
{
    public static List<T> Shuffle<T>(IReadOnlyList<T> sorted, Func<T, long> timestampMs, Random random, double latenessMs)
    {
        var delays = new double[sorted.Count];
        for (int i = 0; i < delays.Length; i++)
        {
            delays[i] = random.NextDouble() * latenessMs * 0.999;
        }

        for (int start = 0; start < sorted.Count;)
        {
            int end = start;
            while (end < sorted.Count && timestampMs(sorted[end]) == timestampMs(sorted[start]))
            {
                end++;
            }

            Array.Sort(delays, start, end - start);
            start = end;
        }

        return Enumerable.Range(0, sorted.Count)
            .OrderBy(i => timestampMs(sorted[i]) + delays[i])
            .ThenBy(i => i)
            .Select(i => sorted[i])
            .ToList();
    }
}
