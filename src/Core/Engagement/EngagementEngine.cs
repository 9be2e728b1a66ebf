using System.Diagnostics.CodeAnalysis;
using StreamAgg.Core.Events;

namespace StreamAgg.Core.Engagement;

/// <summary>
/// The engagement core for many keys (SEMANTICS.md §2–5): applies validated player events per
/// (user, video), reports final credited intervals and changed rows to an
/// <see cref="IEngagementOutput"/>, and builds rows on demand. No I/O and no clock: the batch
/// command calls <see cref="Apply"/> for every line, then <see cref="Flush"/>; the streaming
/// processor calls <see cref="Apply"/> per record and <see cref="CloseIdleSessions"/> with the
/// time it chooses (stream time or wall clock). Not thread-safe: one engine per task.
/// </summary>
public sealed partial class EngagementEngine
{
    private readonly EngagementOptions _options;
    private readonly EngagementRules _rules;
    private readonly IVideoCatalog _catalog;
    private readonly IEngagementOutput _output;
    private readonly Dictionary<EngagementKey, EngagementKeyState> _keys = [];
    private readonly IdleSessionQueue _idle = new();
    private readonly IntervalSet _rowScratch = new(16);
    private IKeyStateSource? _source;

    // Apply's undo: the key as it was before the event, and what the event reported meanwhile.
    private readonly KeyStateCheckpoint _checkpoint = new();
    private readonly DeferredOutput _deferred = new();

    /// <summary>Creates an engine.</summary>
    public EngagementEngine(EngagementOptions options, IVideoCatalog catalog, IEngagementOutput output)
    {
        _options = options;
        _rules = new EngagementRules(options);
        _catalog = catalog;
        _output = output;
    }

    /// <summary>The rules in force.</summary>
    public EngagementOptions Options => _options;

    /// <summary>Number of keys held.</summary>
    public int KeyCount => _keys.Count;

    /// <summary>Heap bytes the keys' states keep (the sum of <see cref="EngagementKeyState.RetainedBytes"/>); walks every key.</summary>
    public long RetainedBytes()
    {
        long total = 0;
        foreach (EngagementKeyState state in _keys.Values)
        {
            total += state.RetainedBytes;
        }

        return total;
    }

    /// <summary>The keys held, in no particular order.</summary>
    public IEnumerable<EngagementKey> Keys => _keys.Keys;

    /// <summary>
    /// Applies one validated event (§2: duplicate check first, then lateness, then ordered
    /// application). On <see cref="EventOutcome.Late"/> the caller writes the dead letter with its
    /// raw input. Final credited intervals and the row change are reported to the output.
    /// Does not allocate for an existing key in steady state.
    /// </summary>
    /// <remarks>
    /// Atomic: when the application throws (a defect, never a property of valid input), the key's
    /// state is put back as it was before the event, a key the event created is removed, nothing
    /// of it reaches the output, and the exception propagates; the engine stays usable.
    /// <see cref="EventIngest"/> turns that into an <c>internal_error</c> dead letter.
    /// </remarks>
    public EventOutcome Apply(in PlayerEvent evt)
    {
        var key = new EngagementKey(evt.UserId, evt.VideoId);
        ref EngagementKeyState? slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_keys, key, out bool existed);
        if (slot is null)
        {
            // A miss: the key may be in the source (evicted earlier), else it is new.
            slot = LoadOrCreate(key, ref existed);
        }

        EngagementKeyState state = slot;

        EventOutcome outcome;
        state.SaveTo(_checkpoint);
        try
        {
            outcome = state.Apply(evt, key, _rules, _catalog, _deferred);
            _deferred.DeliverTo(_output);
        }
        catch
        {
            state.RestoreFrom(_checkpoint, evt);
            _deferred.Clear();
            if (!existed)
            {
                _keys.Remove(key);
            }

            throw;
        }

        if (outcome == EventOutcome.Applied && !state.SessionClosed)
        {
            _idle.Watch(key, state, state.MaxTimestampMs + _rules.SessionTimeoutMs);
        }

        _output.OnRowChanged(key);
        return outcome;
    }

    /// <summary>
    /// Closes every latest session whose last event + sessionTimeout is before
    /// <paramref name="nowMs"/> (§3: "reported closed once stream time passes last event +
    /// sessionTimeout"); their rows change (<c>activeSession</c> false). Returns how many closed.
    /// </summary>
    /// <param name="nowMs">Stream time, or the wall clock the caller chose.</param>
    /// <param name="finalizePending">
    /// False: pending events stay pending, so an in-lateness event may still be ordered before
    /// them. True (streaming): the closed key's pending events become final now and their
    /// credits are reported, as at the end of input. Without it a key that goes quiet would never
    /// credit its last <c>allowedLateness</c> of viewing to the heatmap, since only a newer event
    /// of the same key moves its lateness window. The price: an event of that key older than its
    /// newest one, arriving after the close, counts as late.
    /// </param>
    public int CloseIdleSessions(long nowMs, bool finalizePending = false)
    {
        int closed = 0;
        while (_idle.TryTakeDue(nowMs, out EngagementKey key, out long deadlineMs))
        {
            if (!_keys.TryGetValue(key, out EngagementKeyState? state))
            {
                continue;
            }

            state.IdleQueued = false;
            if (state.SessionClosed)
            {
                continue;
            }

            long actualDeadline = state.MaxTimestampMs + _rules.SessionTimeoutMs;
            if (actualDeadline > deadlineMs)
            {
                // The session went on since it was queued: watch its new deadline.
                _idle.Watch(key, state, actualDeadline, force: true);
                continue;
            }

            if (finalizePending ? state.FlushIfIdle(nowMs, key, _rules, _catalog, _output) : state.CloseSessionIfIdle(nowMs, key, _rules, _output))
            {
                closed++;
                _output.OnRowChanged(key);
            }
        }

        return closed;
    }

    /// <summary>
    /// End of input (batch) or shutdown of a key set: every pending event becomes final (its
    /// credits are reported) and every session closes.
    /// </summary>
    public void Flush()
    {
        foreach (KeyValuePair<EngagementKey, EngagementKeyState> pair in _keys)
        {
            pair.Value.Flush(pair.Key, _rules, _catalog, _output);
            pair.Value.IdleQueued = false;
            _output.OnRowChanged(pair.Key);
        }

        _idle.Clear();
    }

    /// <summary>
    /// Finalizes one key now (e.g. when the runtime evicts a long-idle key). Events of that key
    /// older than its newest one then count as late.
    /// </summary>
    public bool FlushKey(in EngagementKey key)
    {
        if (!TryFind(key, out EngagementKeyState? state))
        {
            return false;
        }

        state.Flush(key, _rules, _catalog, _output);
        _output.OnRowChanged(key);
        return true;
    }

    /// <summary>
    /// Whether the key's latest session is open at <paramref name="nowMs"/> (stream time or wall
    /// clock): not closed, and <c>nowMs ≤ last event + sessionTimeout</c>. False for an unknown key.
    /// </summary>
    public bool IsSessionOpen(in EngagementKey key, long nowMs) =>
        TryFind(key, out EngagementKeyState? state) && state.IsSessionOpen(nowMs, _options);

    /// <summary>The key's row as of now (§5), with <c>activeSession</c> and <c>version</c> filled.</summary>
    public EngagementRow BuildRow(in EngagementKey key)
    {
        if (!TryFind(key, out EngagementKeyState? state))
        {
            ThrowHelper.ThrowUnknownKey(key);
        }

        return state.BuildRow(key, _rules, _catalog, _rowScratch);
    }

    /// <summary>Rows of every key (batch output).</summary>
    public IEnumerable<EngagementRow> BuildAllRows()
    {
        foreach (EngagementKey key in _keys.Keys)
        {
            yield return BuildRow(key);
        }
    }

    /// <summary>The state of a key, for changelogging (<see cref="EngagementKeyState.Serialize"/>).</summary>
    public bool TryGetState(in EngagementKey key, [NotNullWhen(true)] out EngagementKeyState? state) =>
        TryFind(key, out state);

    /// <summary>
    /// Installs a restored state (from <see cref="EngagementKeyState.Deserialize"/> or
    /// <see cref="EngagementKeyState.DeserializeDormant"/>), replacing any held for the key, and
    /// returns the one it replaced. Its open session is watched again for idleness.
    /// </summary>
    public EngagementKeyState? Restore(in EngagementKey key, EngagementKeyState state) => Restore(key, state, watch: true);

    /// <summary>
    /// As <see cref="Restore(in EngagementKey, EngagementKeyState)"/>; with <paramref name="watch"/>
    /// false the open session is not queued for idleness yet: <see cref="WatchOpenSessions"/> does
    /// it before the next close (a restoration that replaces a key many times then queues it once).
    /// </summary>
    public EngagementKeyState? Restore(in EngagementKey key, EngagementKeyState state, bool watch)
    {
        // One lookup: restoring visits every record of the changelog.
        ref EngagementKeyState? slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_keys, key, out _);
        EngagementKeyState? previous = slot;
        slot = state;
        if (watch)
        {
            WatchIfOpen(key, state);
        }

        return previous;
    }

    /// <summary>Forgets a key (e.g. its partition was revoked). Nothing is reported.</summary>
    public bool Remove(in EngagementKey key) => _keys.Remove(key);

    /// <summary>Forgets a key held in memory and returns its state (the source is not asked). Nothing is reported.</summary>
    public bool Remove(in EngagementKey key, [NotNullWhen(true)] out EngagementKeyState? state) => _keys.Remove(key, out state);

    /// <summary>Queues every held key with an open session that is not queued yet (see <see cref="Restore(in EngagementKey, EngagementKeyState, bool)"/>).</summary>
    public void WatchOpenSessions()
    {
        foreach (KeyValuePair<EngagementKey, EngagementKeyState> pair in _keys)
        {
            if (!pair.Value.IdleQueued)
            {
                WatchIfOpen(pair.Key, pair.Value);
            }
        }
    }

    private void WatchIfOpen(in EngagementKey key, EngagementKeyState state)
    {
        if (!state.SessionClosed && state.MaxTimestampMs != long.MinValue)
        {
            _idle.Watch(key, state, state.MaxTimestampMs + _rules.SessionTimeoutMs, force: true);
        }
    }
}
