using System.Diagnostics.CodeAnalysis;
using StreamAgg.Core.Engagement;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.State;

/// <summary>
/// The in-memory tier over the disk tier: the engine's map of key states, bounded to a byte
/// budget. Keys with an open session or pending events always stay in memory (the engine watches
/// them); after each flush, when the states held exceed the budget, finished keys leave for the
/// disk tier, least recently active first (by their newest event time), until the states take
/// <see cref="LowWater"/> of the budget. The engine loads an evicted key back on its next event,
/// session close or row (<see cref="IKeyStateSource"/>).
/// </summary>
/// <remarks>
/// Eviction runs only in <see cref="Flush"/>, after the changelog store above has logged every
/// changed key: an evicted state is always the one the changelog holds last, so the disk tier
/// never holds a state the changelog does not (the changelog stays the source of truth).
/// Measuring walks the map, so it runs when the estimate (keys × the last measured mean) passes
/// the budget, when the keys held grew by a quarter since the last measure, and every
/// <see cref="RemeasureEvery"/> flushes to follow states that grow.
/// </remarks>
internal sealed class EngagementCacheStore : IKeyValueStore<EngagementKey, EngagementKeyState>, IKeyStateSource
{
    /// <summary>Memory a held key costs besides its state: its map entry and its two id strings.</summary>
    public const int PerKeyOverheadBytes = 128;

    private const double LowWater = 0.9;
    private const int RemeasureEvery = 64;

    private readonly EngagementEngine _engine;
    private readonly RocksDbEngagementStore _disk;
    private readonly StateCacheBudget _budget;
    private readonly List<FinishedKey> _finished = [];
    // Until measured, a typical finished key (docs/operations.md, "State and memory").
    private long _meanBytes = 1024;
    private long _measuredAtKeys;
    private int _flushes;
    private bool _unwatched;

    public EngagementCacheStore(EngagementEngine engine, RocksDbEngagementStore disk, StateCacheBudget budget)
    {
        _engine = engine;
        _disk = disk;
        _budget = budget;
        budget.Join();
        engine.UseSource(this);
    }

    /// <summary>Keys held in memory (the disk tier's are not counted).</summary>
    public int Count => _engine.KeyCount;

    /// <summary>Keys evicted to the disk tier so far.</summary>
    public long Evicted { get; private set; }

    /// <summary>Keys loaded back from the disk tier so far.</summary>
    public long Loaded { get; private set; }

    /// <summary>Heap bytes of the states held, as last measured.</summary>
    public long MeasuredBytes { get; private set; }

    public bool TryGet(in EngagementKey key, [NotNullWhen(true)] out EngagementKeyState? value) => _engine.TryGetState(key, out value);

    public bool TryLoad(in EngagementKey key, [NotNullWhen(true)] out EngagementKeyState? state)
    {
        try
        {
            if (_disk.TryGet(key, out state))
            {
                Loaded++;
                return true;
            }

            return false;
        }
        catch (StateStoreException e)
        {
            throw new KeyStateSourceException(e.Message, e);
        }
    }

    /// <summary>
    /// Restoration's install: a finished state goes to the disk tier (and leaves memory, should an
    /// older version be held), any other into memory. Returns the state it replaced in memory
    /// (one on disk is finished, so none a caller counting open sessions needs).
    /// </summary>
    public EngagementKeyState? Put(in EngagementKey key, EngagementKeyState value)
    {
        if (value.SessionClosed && value.PendingCount == 0)
        {
            _disk.Put(key, value);
            return _engine.Remove(key, out var replaced) ? replaced : null;
        }

        // Held in memory for a long time (until its session closes): its own copy of the record,
        // so it does not keep a whole restoration slab alive.
        if (value.TryGetDormantRecord(out var record))
        {
            value = EngagementKeyState.DeserializeDormant(record.ToArray());
        }

        // Watched once the restoration is over (EnsureWatched): a restoration meets most keys open
        // and then finished, and a queue entry per record would keep every key's ids until then.
        _unwatched = true;
        return _engine.Restore(key, value, watch: false);
    }

    /// <summary>Before anything can close a session: the open keys a restoration installed are watched for idleness.</summary>
    public void EnsureWatched()
    {
        if (_unwatched)
        {
            _unwatched = false;
            _engine.WatchOpenSessions();
        }
    }

    public bool Delete(in EngagementKey key)
    {
        var held = _engine.Remove(key);
        _disk.Delete(key);
        return held;
    }

    public void MarkChanged(in EngagementKey key)
    {
        // The state changed in place in the map: nothing to do at this layer.
    }

    public void Flush(IRecordCollector output)
    {
        EnsureWatched();
        EvictOverBudget();
        _disk.Flush(output);
    }

    /// <summary>
    /// Clean close: writes every key held in memory to the disk tier, finished or not, and notes
    /// which were not (<see cref="RocksDbEngagementStore.MarkOpen"/>), so that the store reopened
    /// holds those in memory again (<see cref="LoadOpenKeys"/>).
    /// </summary>
    public void SpillAll()
    {
        foreach (var key in _engine.Keys)
        {
            if (_engine.TryGetState(key, out var state))
            {
                _disk.Put(key, state);
                if (!(state.SessionClosed && state.PendingCount == 0))
                {
                    _disk.MarkOpen(key);
                }
            }
        }
    }

    /// <summary>A reopened store: the keys that had an open session or pending events at the clean close go back into memory.</summary>
    public List<EngagementKeyState> LoadOpenKeys()
    {
        var loaded = new List<EngagementKeyState>();
        foreach (var key in _disk.TakeOpenKeys())
        {
            if (_disk.TryGet(key, out var state))
            {
                _engine.Restore(key, state);
                loaded.Add(state);
            }
        }

        return loaded;
    }

    private void EvictOverBudget()
    {
        var keys = _engine.KeyCount;
        var budgetBytes = _budget.Share;
        var grown = keys > _measuredAtKeys + (_measuredAtKeys / 4) + 1000;
        if (keys == 0 || (keys * _meanBytes <= budgetBytes && !grown && ++_flushes % RemeasureEvery != 0))
        {
            return;
        }

        _finished.Clear();
        var total = _engine.CollectFinished(_finished) + ((long)keys * PerKeyOverheadBytes);
        _meanBytes = total / keys;
        _measuredAtKeys = keys;
        if (total > budgetBytes)
        {
            var target = (long)(budgetBytes * LowWater);
            _finished.Sort(static (a, b) => a.NewestMs.CompareTo(b.NewestMs));
            foreach (var candidate in _finished)
            {
                if (total <= target)
                {
                    break;
                }

                if (_engine.TryEvict(candidate.Key, out var state))
                {
                    total -= state.RetainedBytes + PerKeyOverheadBytes;
                    _disk.Put(candidate.Key, state);
                    Evicted++;
                }
            }
        }

        MeasuredBytes = total;
        _measuredAtKeys = _engine.KeyCount;
        // The list holds keys (strings): let them go.
        _finished.Clear();
    }

    public void Dispose()
    {
        _budget.Leave();
        _disk.Dispose();
    }
}
