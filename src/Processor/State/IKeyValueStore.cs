using System.Diagnostics.CodeAnalysis;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.State;

/// <summary>
/// A task's key-value state, as Kafka Streams' KeyValueStore: stores stack as wrappers (a
/// change-logging store over an in-memory one; a disk tier could go under the in-memory one) and
/// the task sees only this interface. Values are live objects the task's core changes in place,
/// so a change is reported with <see cref="MarkChanged"/> rather than put again.
/// </summary>
internal interface IKeyValueStore<TKey, TValue> : IDisposable
    where TKey : notnull
    where TValue : class
{
    /// <summary>Keys held.</summary>
    int Count { get; }

    bool TryGet(in TKey key, [NotNullWhen(true)] out TValue? value);

    /// <summary>Stores <paramref name="value"/> for the key; returns the value it replaced, if any.</summary>
    TValue? Put(in TKey key, TValue value);

    bool Delete(in TKey key);

    /// <summary>The key's value changed in place (the hot path: no allocation, no copy).</summary>
    void MarkChanged(in TKey key);

    /// <summary>Commit: hands over whatever this layer holds back (changelog records) before offsets are committed.</summary>
    void Flush(IRecordCollector output);
}
