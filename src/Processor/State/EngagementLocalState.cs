using Confluent.Kafka;
using StreamAgg.Core.Engagement;

namespace StreamAgg.Processor.State;

/// <summary>
/// The engagement task's state beyond memory: its folder in the state directory, the RocksDB disk
/// tier in it, and the in-memory tier over that (<see cref="Cache"/>, the bottom of the store
/// stack <see cref="EngagementStores"/> assembles). Opening takes the folder's checkpoint: when
/// there is one, the keys that were open at the clean close are held in memory again and only the
/// changelog after <see cref="Checkpoint"/>'s offset needs restoring; else the store starts empty.
/// </summary>
internal sealed class EngagementLocalState : IDisposable
{
    private readonly TaskStateDirectory _directory;
    private readonly RocksDbEngagementStore _disk;
    private readonly EngagementEngine _engine;

    public EngagementLocalState(LocalStateOptions options, TopicPartition changelog, EngagementEngine engine)
    {
        _engine = engine;
        _directory = new TaskStateDirectory(options.Directory, options.ApplicationId, options.InstanceId, changelog);
        var (db, checkpoint) = _directory.Open(out var why);
        WipedBecause = why;
        _disk = new RocksDbEngagementStore(db);
        Cache = new EngagementCacheStore(engine, _disk, options.Cache);
        try
        {
            if (checkpoint is not null)
            {
                OpenKeysLoaded = Cache.LoadOpenKeys();
            }
        }
        catch
        {
            Cache.Dispose();
            throw;
        }

        Checkpoint = checkpoint;
    }

    /// <summary>The in-memory tier, over the disk tier.</summary>
    public EngagementCacheStore Cache { get; }

    /// <summary>What the store reflected when opened; null for a store that starts empty.</summary>
    public StateCheckpoint? Checkpoint { get; private set; }

    /// <summary>Why the store was wiped on opening (null: it was trusted, or there was none).</summary>
    public string? WipedBecause { get; private set; }

    /// <summary>Keys held in memory again on opening (those with an open session or pending events at the clean close).</summary>
    public IReadOnlyList<EngagementKeyState> OpenKeysLoaded { get; private set; } = [];

    /// <summary>Folder of the task's store.</summary>
    public string Path => _directory.Path;

    /// <summary>Bytes the disk tier takes.</summary>
    public long DiskBytes() => _disk.Database.SizeBytes();

    /// <summary>
    /// The changelog does not reach what the checkpoint claims (the topic was recreated or
    /// truncated): forget the store and what it put in memory, and restore from the beginning.
    /// </summary>
    public void Discard(string why)
    {
        foreach (var key in _engine.Keys.ToList())
        {
            _engine.Remove(key);
        }

        _disk.Replace(_directory.Wipe);
        Checkpoint = null;
        OpenKeysLoaded = [];
        WipedBecause = why;
    }

    /// <summary>
    /// Clean close, right after a commit: writes every key held in memory to the disk tier, waits
    /// until the store is on disk, then writes the checkpoint (the changelog's end offset now, the
    /// input position and stream time the state stands at).
    /// </summary>
    public void WriteCheckpoint(long changelogEnd, long? inputPosition, long? streamTimeMs)
    {
        Cache.SpillAll();
        _disk.Database.Persist();
        _directory.WriteCheckpoint(changelogEnd, inputPosition, streamTimeMs);
    }

    public void Dispose() => Cache.Dispose();
}
