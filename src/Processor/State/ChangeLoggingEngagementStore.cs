using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamAgg.Wire;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.State;

/// <summary>
/// Writes through to the store under it and records which keys changed; at each commit logs the
/// newest state of each of them to the changelog partition (as Kafka's
/// ChangeLoggingKeyValueBytesStore, with the coalescing of its caching store: one record per key
/// per commit interval). Key: the JSON key of <see cref="EngagementKeyCodec"/>; value: the
/// state's versioned binary form.
/// </summary>
internal sealed class ChangeLoggingEngagementStore : IChangelogStore<EngagementKey, EngagementKeyState>
{
    private readonly IKeyValueStore<EngagementKey, EngagementKeyState> _inner;
    private readonly TopicPartition _changelog;
    private readonly Utf8StringPool _strings;
    private readonly IStoreFlushListener<EngagementKey, EngagementKeyState> _listener;
    private readonly HashSet<EngagementKey> _changed = [];
    // Each flushed key and state is serialized into these and the producer copies the bytes, so a
    // commit allocates no arrays per record.
    private readonly ArrayBufferWriter<byte> _keyBuffer = new(128);
    private readonly Utf8JsonWriter _keyJson;
    private readonly ArrayBufferWriter<byte> _valueBuffer = new(1024);

    public ChangeLoggingEngagementStore(
        IKeyValueStore<EngagementKey, EngagementKeyState> inner,
        TopicPartition changelog,
        Utf8StringPool strings,
        IStoreFlushListener<EngagementKey, EngagementKeyState> listener)
    {
        _inner = inner;
        _changelog = changelog;
        _strings = strings;
        _listener = listener;
        _keyJson = new Utf8JsonWriter(_keyBuffer);
    }

    public int Count => _inner.Count;

    public bool HasUnloggedChanges => _changed.Count > 0;

    public bool TryGet(in EngagementKey key, [NotNullWhen(true)] out EngagementKeyState? value) => _inner.TryGet(key, out value);

    public EngagementKeyState? Put(in EngagementKey key, EngagementKeyState value)
    {
        _changed.Add(key);
        return _inner.Put(key, value);
    }

    public bool Delete(in EngagementKey key)
    {
        _changed.Add(key);
        return _inner.Delete(key);
    }

    public void MarkChanged(in EngagementKey key)
    {
        _changed.Add(key);
        _inner.MarkChanged(key);
    }

    public void Flush(IRecordCollector output)
    {
        foreach (var key in _changed)
        {
            var encodedKey = EncodeKey(key);
            var held = _inner.TryGet(key, out var state);
            _listener.OnFlushed(key, encodedKey, state, output);
            if (held)
            {
                _valueBuffer.ResetWrittenCount();
                state!.Serialize(_valueBuffer);
                output.Send(_changelog, encodedKey, _valueBuffer.WrittenSpan);
            }
        }

        _changed.Clear();
        _inner.Flush(output);
    }

    public EngagementKey Restore(byte[] key, ReadOnlyMemory<byte>? value, out EngagementKeyState? replaced, out EngagementKeyState? restored)
    {
        if (!EngagementKeyCodec.TryDecode(key, _strings, out var engagementKey))
        {
            throw new StreamsException($"Unreadable key in changelog {_changelog}: {Encoding.UTF8.GetString(key)}");
        }

        if (value is null)
        {
            _inner.TryGet(engagementKey, out replaced);
            _inner.Delete(engagementKey);
            restored = null;
            return engagementKey;
        }

        // Dormant: the record is decoded when the key is next used, most keys never are
        // (EngagementKeyState.Dormant.cs). The restorer hands over bytes that never change (a slice
        // of a RecordSlabs slab), so they are kept as they are.
        restored = EngagementKeyState.DeserializeDormant(value.Value);
        replaced = _inner.Put(engagementKey, restored);
        return engagementKey;
    }

    private ReadOnlySpan<byte> EncodeKey(in EngagementKey key)
    {
        _keyBuffer.ResetWrittenCount();
        _keyJson.Reset(_keyBuffer);
        EngagementKeyCodec.Write(key, _keyJson);
        return _keyBuffer.WrittenSpan;
    }

    public void Dispose()
    {
        _keyJson.Dispose();
        _inner.Dispose();
    }
}
