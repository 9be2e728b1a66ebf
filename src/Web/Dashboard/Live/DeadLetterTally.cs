namespace StreamAgg.Web.Dashboard.Live;

/// <summary>The processor's dead letters read so far from the <c>dead-letters</c> topic, per UTC day of the record's timestamp and reason.</summary>
internal sealed class DeadLetterTally
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(DateOnly Day, string Reason), long> _counts = [];

    public void Add(DateOnly day, string reason)
    {
        lock (_lock)
            _counts[(day, reason)] = _counts.GetValueOrDefault((day, reason)) + 1;
    }

    /// <summary>Per reason, the dead letters of days in [<paramref name="from"/>, <paramref name="to"/>], most first.</summary>
    public IReadOnlyList<(string Reason, long Count)> Between(DateOnly from, DateOnly to)
    {
        lock (_lock)
        {
            return [.. _counts
                .Where(c => c.Key.Day >= from && c.Key.Day <= to)
                .GroupBy(c => c.Key.Reason, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Sum(c => c.Value)))
                .OrderByDescending(c => c.Item2)
                .ThenBy(c => c.Key, StringComparer.Ordinal)];
        }
    }
}
