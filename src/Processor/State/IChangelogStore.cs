using System.Diagnostics.CodeAnalysis;

namespace StreamAgg.Processor.State;

/// <summary>A store backed by a changelog: it can be rebuilt from the changelog's records.</summary>
internal interface IChangelogStore<TKey, TValue> : IKeyValueStore<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    /// <summary>
    /// Restoration: applies one changelog record (a null value deletes the key) to the store
    /// under this one, without logging it again. The value's bytes never change afterwards, so
    /// the store may keep them. Returns the key, the value it replaced (if any) and the one
    /// restored (null for a deletion).
    /// </summary>
    /// <summary>Whether changes are waiting for the next flush to be logged.</summary>
    bool HasUnloggedChanges { get; }

    TKey Restore(byte[] key, ReadOnlyMemory<byte>? value, out TValue? replaced, [NotNullIfNotNull(nameof(value))] out TValue? restored);
}
