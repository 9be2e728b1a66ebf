namespace StreamAgg.Core.Engagement;

/// <summary>
/// Deadlines (last event + sessionTimeout) of open sessions, earliest first. Each key is queued
/// once with the deadline it had when queued; a key whose session went on is re-queued lazily
/// when its old deadline comes up, so the queue holds about one entry per open session rather
/// than one per event.
/// </summary>
internal sealed class IdleSessionQueue
{
    private readonly PriorityQueue<EngagementKey, long> _deadlines = new();
    private readonly HashSet<EngagementKey> _queued = [];

    public int Count => _deadlines.Count;

    public void Watch(in EngagementKey key, long deadlineMs, bool force = false)
    {
        if (_queued.Add(key) || force)
        {
            _deadlines.Enqueue(key, deadlineMs);
        }
    }

    public bool TryTakeDue(long nowMs, out EngagementKey key, out long deadlineMs)
    {
        if (_deadlines.TryPeek(out key, out deadlineMs) && deadlineMs < nowMs)
        {
            _deadlines.Dequeue();
            _queued.Remove(key);
            return true;
        }

        key = default;
        deadlineMs = 0;
        return false;
    }

    public void Clear()
    {
        _deadlines.Clear();
        _queued.Clear();
    }
}
