using StreamAgg.Testing.Scenarios;
using System.Globalization;
using StreamAgg.Core.Engagement;

namespace StreamAgg.Core.Tests.Scenarios;

/// <summary>
/// The heatmap of SEMANTICS.md §6 computed exactly with sets (tests only; production uses HLL):
/// an interval [a, b) covers seconds floor(a) … ceil(b) − 1 on the UTC day it was credited from.
/// </summary>
internal static class ExactHeatmap
{
    public static SortedDictionary<string, (int Viewers, int Plays)> From(IEnumerable<(EngagementKey Key, CreditedInterval Interval)> credits)
    {
        var viewers = new Dictionary<string, HashSet<string>>();
        var plays = new Dictionary<string, int>();
        foreach ((EngagementKey key, CreditedInterval interval) in credits)
        {
            string day = DateTimeOffset.FromUnixTimeMilliseconds(interval.CreditedFromMs).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            long first = (long)Math.Floor(interval.Start);
            long last = (long)Math.Ceiling(interval.End) - 1;
            for (long second = first; second <= last; second++)
            {
                string cell = $"{key.VideoId},{day},{second}";
                if (!viewers.TryGetValue(cell, out HashSet<string>? set))
                {
                    viewers[cell] = set = [];
                }

                set.Add(key.UserId);
                plays[cell] = plays.GetValueOrDefault(cell) + 1;
            }
        }

        var result = new SortedDictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach ((string cell, HashSet<string> set) in viewers)
        {
            result[cell] = (set.Count, plays[cell]);
        }

        return result;
    }

    public static SortedDictionary<string, (int Viewers, int Plays)> Expected(string name)
    {
        var result = new SortedDictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(ScenarioFolder.PathOf(name, "expected-heatmap.csv")).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] parts = line.Split(',');
            result[$"{parts[0]},{parts[1]},{parts[2]}"] = (int.Parse(parts[3], CultureInfo.InvariantCulture), int.Parse(parts[4], CultureInfo.InvariantCulture));
        }

        return result;
    }
}
