using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using StreamAgg.Core.Engagement;
using StreamAgg.Processor.Runtime;
using StreamAgg.Wire;

namespace StreamAgg.Processor.State;

/// <summary>
/// The disk tier of the engagement task's store stack: key states in the task's RocksDB database,
/// keyed as in the changelog (<see cref="EngagementKeyCodec"/>'s JSON) and valued with the
/// changelog's binary form, so a state read back is exactly the one written. A state read back is
/// dormant (decoded at its first use).
/// </summary>
internal sealed class RocksDbEngagementStore(RocksDbStore db) : IKeyValueStore<EngagementKey, EngagementKeyState>
{
    private RocksDbStore db = db;
    private readonly ArrayBufferWriter<byte> _keyBuffer = new(128);
    private readonly ArrayBufferWriter<byte> _valueBuffer = new(1024);
    private Utf8JsonWriter? _keyJson;

    public RocksDbStore Database => db;

    /// <summary>Closes the database and continues on <paramref name="reopen"/>'s (a wiped one).</summary>
    public void Replace(Func<RocksDbStore> reopen)
    {
        db.Dispose();
        db = reopen();
    }

    /// <summary>Not known without a scan of the database; the stack counts the keys in memory.</summary>
    public int Count => 0;

    public bool TryGet(in EngagementKey key, [NotNullWhen(true)] out EngagementKeyState? value)
    {
        var bytes = db.Get(EncodeKey(key));
        if (bytes is null)
        {
            value = null;
            return false;
        }

        try
        {
            value = EngagementKeyState.DeserializeDormant(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new StateStoreException($"The state store in {db.Path} holds an unreadable state for {key}: {e.Message}", e);
        }

        return true;
    }

    /// <summary>Writes the state (the record of a dormant one as it is); the previous value is not read back (null).</summary>
    public EngagementKeyState? Put(in EngagementKey key, EngagementKeyState value)
    {
        var encodedKey = EncodeKey(key);
        if (value.TryGetDormantRecord(out var record))
        {
            db.Put(encodedKey, record.Span);
            return null;
        }

        _valueBuffer.ResetWrittenCount();
        value.Serialize(_valueBuffer);
        db.Put(encodedKey, _valueBuffer.WrittenSpan);
        return null;
    }

    /// <summary>Deletes the key; true whether or not it was there (not read back).</summary>
    public bool Delete(in EngagementKey key)
    {
        db.Delete(EncodeKey(key));
        return true;
    }

    /// <summary>
    /// Notes that the key's state (put too) has an open session or pending events: a store
    /// reopened after a clean close holds such keys in memory again (<see cref="TakeOpenKeys"/>),
    /// where the engine watches them. The note is a record under the key with a leading 0 byte.
    /// </summary>
    public void MarkOpen(in EngagementKey key)
    {
        var json = EncodeKey(key);
        Span<byte> marker = json.Length < 512 ? stackalloc byte[json.Length + 1] : new byte[json.Length + 1];
        marker[0] = 0;
        json.CopyTo(marker[1..]);
        db.Put(marker, []);
    }

    /// <summary>The keys <see cref="MarkOpen"/> noted, whose notes it deletes.</summary>
    public List<EngagementKey> TakeOpenKeys()
    {
        var keys = new List<EngagementKey>();
        foreach (var marker in db.ReservedKeys())
        {
            if (!EngagementKeyCodec.TryDecode(marker.AsSpan(1), out var key))
            {
                throw new StateStoreException($"The state store in {db.Path} holds an unreadable key");
            }

            keys.Add(key);
            db.Delete(marker);
        }

        db.Commit();
        return keys;
    }

    public void MarkChanged(in EngagementKey key)
    {
        // States live in memory while they change; this tier gets them when they are evicted.
    }

    public void Flush(IRecordCollector output) => db.Commit();

    private ReadOnlySpan<byte> EncodeKey(in EngagementKey key)
    {
        _keyBuffer.ResetWrittenCount();
        if (_keyJson is null)
        {
            _keyJson = new Utf8JsonWriter(_keyBuffer);
        }
        else
        {
            _keyJson.Reset(_keyBuffer);
        }

        EngagementKeyCodec.Write(key, _keyJson);
        return _keyBuffer.WrittenSpan;
    }

    public void Dispose()
    {
        _keyJson?.Dispose();
        db.Dispose();
    }
}
