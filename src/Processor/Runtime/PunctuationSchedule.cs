namespace StreamAgg.Processor.Runtime;

/// <summary>
/// A small queue of periodic work, handed the time rather than asking for it, so tests drive it
/// with any clock. Each entry runs at most once per call, however late the call is.
/// </summary>
internal sealed class PunctuationSchedule
{
    private readonly List<Entry> _entries = [];

    /// <summary>Runs <paramref name="action"/> every <paramref name="interval"/>, first at <paramref name="start"/> + interval.</summary>
    public void Every(TimeSpan interval, DateTimeOffset start, Action<DateTimeOffset> action) =>
        _entries.Add(new Entry(interval, start + interval, action));

    /// <summary>Runs the entries that are due at <paramref name="now"/>; returns how many ran.</summary>
    public int RunDue(DateTimeOffset now)
    {
        var ran = 0;
        foreach (var entry in _entries)
        {
            if (now < entry.Due)
            {
                continue;
            }

            entry.Action(now);
            // Skip missed periods instead of running them back to back.
            entry.Due = now + entry.Interval;
            ran++;
        }

        return ran;
    }

    private sealed class Entry(TimeSpan interval, DateTimeOffset due, Action<DateTimeOffset> action)
    {
        public TimeSpan Interval { get; } = interval;
        public DateTimeOffset Due { get; set; } = due;
        public Action<DateTimeOffset> Action { get; } = action;
    }
}
