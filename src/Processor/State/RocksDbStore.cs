using RocksDbSharp;

namespace StreamAgg.Processor.State;

/// <summary>
/// One task's RocksDB database of byte keys and values: the disk tier's storage. Writes gather in
/// a batch that <see cref="Commit"/> applies (a read commits it first, so reads see every write).
/// No write-ahead log: the database is a cache of the changelog, trusted after a restart only
/// with a checkpoint written after <see cref="Persist"/> at a clean close (see
/// <see cref="TaskStateDirectory"/>); anything else is wiped and rebuilt from the changelog.
/// </summary>
/// <remarks>
/// Every RocksDB failure (a full disk, a lost directory, a corrupt file) comes out as a
/// <see cref="StateStoreException"/> naming the directory, so the processor stops with a clear
/// error rather than go on without a key's history.
/// </remarks>
internal sealed class RocksDbStore : IDisposable
{
    // Gathered writes are applied at this many, so a restoration's batch stays small.
    private const int MaxBatchCount = 4096;

    private readonly RocksDb _db;
    private readonly WriteBatch _batch = new();
    private readonly WriteOptions _writeOptions = new WriteOptions().DisableWal(1).SetSync(false);
    private readonly FlushOptions _flushOptions = new FlushOptions().SetWaitForFlush(true);
    private int _batched;

    private RocksDbStore(RocksDb db, string path)
    {
        _db = db;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens (creating if missing) the database in <paramref name="path"/>.</summary>
    public static RocksDbStore Open(string path)
    {
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            // Values are serialized key states: LZ4 roughly halves them at little CPU.
            .SetCompression(Compression.Lz4)
            .SetKeepLogFileNum(2)
            .SetMaxOpenFiles(256)
            // A damaged file fails the open (and the store is rebuilt) rather than a later read.
            .SetParanoidChecks(true);
        try
        {
            Directory.CreateDirectory(path);
            return new RocksDbStore(RocksDb.Open(options, path), path);
        }
        catch (Exception e) when (e is RocksDbException or IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException($"Cannot open the state store in {path}: {e.Message}", e);
        }
    }

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        Commit();
        try
        {
            return _db.Get(key, null, null);
        }
        catch (RocksDbException e)
        {
            throw Failed("read", e);
        }
    }

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        _batch.Put(key, value, null);
        CommitIfFull();
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        _batch.Delete(key, null);
        CommitIfFull();
    }

    /// <summary>Applies the gathered writes.</summary>
    public void Commit()
    {
        if (_batched == 0)
        {
            return;
        }

        try
        {
            _db.Write(_batch, _writeOptions);
        }
        catch (RocksDbException e)
        {
            throw Failed("write", e);
        }

        _batch.Clear();
        _batched = 0;
    }

    /// <summary>Applies the gathered writes and waits until everything written is in files on disk.</summary>
    public void Persist()
    {
        Commit();
        try
        {
            _db.Flush(_flushOptions);
        }
        catch (RocksDbException e)
        {
            throw Failed("flush", e);
        }
    }

    /// <summary>The keys that start with a 0 byte (they sort first), which the tiers above reserve for their own records.</summary>
    public List<byte[]> ReservedKeys()
    {
        Commit();
        var keys = new List<byte[]>();
        try
        {
            using var iterator = _db.NewIterator(null, null);
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                var key = iterator.GetKeySpan();
                if (key.IsEmpty || key[0] != 0)
                {
                    break;
                }

                keys.Add(key.ToArray());
            }
        }
        catch (RocksDbException e)
        {
            throw Failed("read", e);
        }

        return keys;
    }

    /// <summary>Bytes the database takes on disk (its files, as RocksDB reports them) plus its memory tables.</summary>
    public long SizeBytes()
    {
        static long Read(RocksDb db, string property) => long.TryParse(db.GetProperty(property), out var value) ? value : 0;
        return Read(_db, "rocksdb.total-sst-files-size") + Read(_db, "rocksdb.cur-size-all-mem-tables");
    }

    private void CommitIfFull()
    {
        if (++_batched >= MaxBatchCount)
        {
            Commit();
        }
    }

    private StateStoreException Failed(string what, RocksDbException e) =>
        new($"The state store in {Path} failed to {what} (is the disk full or the state directory gone?): {e.Message}", e);

    public void Dispose()
    {
        _batch.Dispose();
        _db.Dispose();
    }
}
