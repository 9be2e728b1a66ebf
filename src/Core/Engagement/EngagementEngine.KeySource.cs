using System.Diagnostics.CodeAnalysis;

namespace StreamAgg.Core.Engagement;

// The engine's side of a tier below it (the processor's disk tier): where a key it does not hold
// is looked for, and which held keys may leave memory.
public sealed partial class EngagementEngine
{
    /// <summary>
    /// Sets where a key the engine does not hold is looked for before it counts as new (the
    /// processor's disk tier). Without one, every key the engine does not hold is new.
    /// </summary>
    /// <remarks>
    /// With a source, <see cref="Keys"/>, <see cref="KeyCount"/>, <see cref="Flush"/> and
    /// <see cref="BuildAllRows"/> see the keys in memory only.
    /// </remarks>
    public void UseSource(IKeyStateSource source) => _source = source;

    /// <summary>
    /// Forgets a key held in memory that nothing waits for (see <see cref="FinishedKey"/>) and
    /// returns its state, so the caller can keep it in a tier below (the <see cref="UseSource"/>
    /// source gives it back on the key's next use). Nothing is reported. False, and the key
    /// stays, when the key is not held or not finished.
    /// </summary>
    public bool TryEvict(in EngagementKey key, [NotNullWhen(true)] out EngagementKeyState? state)
    {
        if (_keys.TryGetValue(key, out state) && IsFinished(state))
        {
            _keys.Remove(key);
            return true;
        }

        state = null;
        return false;
    }

    /// <summary>
    /// Adds every finished key held in memory to <paramref name="finished"/> and returns the heap
    /// bytes all held keys' states keep (as <see cref="RetainedBytes"/>): one walk for both, so a
    /// caller bounding memory measures and picks what to evict together.
    /// </summary>
    public long CollectFinished(List<FinishedKey> finished)
    {
        long total = 0;
        foreach (KeyValuePair<EngagementKey, EngagementKeyState> pair in _keys)
        {
            EngagementKeyState state = pair.Value;
            total += state.RetainedBytes;
            if (IsFinished(state))
            {
                finished.Add(new FinishedKey(pair.Key, state.MaxTimestampMs));
            }
        }

        return total;
    }

    private static bool IsFinished(EngagementKeyState state) => state.SessionClosed && state.PendingCount == 0 && !state.IdleQueued;

    // Kept out of Apply: a held key, the hot path, never comes here.
    private EngagementKeyState LoadOrCreate(in EngagementKey key, ref bool existed)
    {
        if (_source is not null && _source.TryLoad(key, out EngagementKeyState? loaded))
        {
            // Held again: on a failed application the loaded state stays, as any held key's does.
            existed = true;
            WatchIfOpen(key, loaded);
            return loaded;
        }

        return new EngagementKeyState();
    }

    private bool TryFind(in EngagementKey key, [NotNullWhen(true)] out EngagementKeyState? state)
    {
        if (_keys.TryGetValue(key, out state))
        {
            return true;
        }

        if (_source is not null && _source.TryLoad(key, out state))
        {
            _keys[key] = state;
            WatchIfOpen(key, state);
            return true;
        }

        return false;
    }
}
