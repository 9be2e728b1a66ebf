namespace StreamAgg.Core.Engagement;

/// <summary>
/// Deadlines (last event + sessionTimeout) of open sessions, earliest first. Each key is queued
/// once with the deadline it had when queued; a key whose session went on is re-queued lazily
/// when its old deadline comes up, so the queue holds about one entry per open session rather
/// than one per event.
/// </summary>
/// <remarks>
/// Whether a key is queued is kept in its state (<see cref="EngagementKeyState.IdleQueued"/>),
/// not in a set here: a set would hash the key a second time on every event.
/// </remarks>
internal sealed class IdleSessionQueue
{
    private readonly PriorityQueue<EngagementKey, long> _deadlines = new();

    public int Count => _deadlines.Count;

    /// <summary>Queues the key unless its state says it is queued already (or <paramref name="force"/>).</summary>
    public void Watch(in EngagementKey key, EngagementKeyState state, long deadlineMs, bool force = false)
    {
        if (!state.IdleQueued || force)
        {
            state.IdleQueued = true;
            _deadlines.Enqueue(key, deadlineMs);
        }
    }

    /// <summary>
    /// Takes the earliest entry if its deadline is before <paramref name="nowMs"/>. The caller
    /// clears the key's <see cref="EngagementKeyState.IdleQueued"/> (it holds the state).
    /// </summary>
    public bool TryTakeDue(long nowMs, out EngagementKey key, out long deadlineMs)
    {
        if (_deadlines.TryPeek(out key, out deadlineMs) && deadlineMs < nowMs)
        {
            _deadlines.Dequeue();
            return true;
        }

        key = default;
        deadlineMs = 0;
        return false;
    }

    public void Clear() => _deadlines.Clear();
}
