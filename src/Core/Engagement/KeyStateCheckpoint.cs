namespace StreamAgg.Core.Engagement;

/// <summary>
/// A copy of one key's state taken before an event is applied, so that a failing application
/// can be undone exactly (SEMANTICS.md §1, <c>internal_error</c>: "set aside with the key's
/// state unchanged"). The engine keeps one and reuses it for every event: taking a checkpoint
/// copies the few pending events and intervals of the key into arrays that only grow, so it
/// allocates nothing in steady state. The seen identities are not copied (they grow for the
/// key's whole life): the one identity an application adds is removed instead.
/// </summary>
internal sealed class KeyStateCheckpoint
{
    public WatchProgress Final;
    public readonly IntervalSet FinalIntervals = new(16);
    public PendingEvent[] Pending = new PendingEvent[16];
    public int PendingCount;
    public int SeenCount;
    public long MaxTimestampMs;
    public long FlushedThroughMs;
    public int LateEvents;
    public int DuplicateEvents;
    public long Version;
    public bool SessionClosed;
    public string? NewestSessionId;
    public bool NewestWasEnd;
}
