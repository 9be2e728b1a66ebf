using System.Text.Json;
using StreamAgg.Core.Engagement;
using StreamAgg.Wire;

namespace StreamAgg.Sink.Writing;

/// <summary>
/// Messages consumed since the last write, in order: rows to upsert, tombstones (delete the key)
/// and dead letters, with the partition positions they advance to. The writer applies a batch
/// in one transaction, so a batch is stored entirely or not at all.
/// </summary>
public sealed class EngagementBatch : ISinkBatch<EngagementBatch>
{
    private readonly List<EngagementBatchEntry> _entries = [];
    private readonly Dictionary<(string Topic, int Partition), long> _nextOffsets = [];

    /// <summary>The number of messages held.</summary>
    public int Count => _entries.Count;

    /// <summary>The next offset to read per partition once this batch is stored.</summary>
    public IReadOnlyList<SinkPosition> Positions =>
        [.. _nextOffsets.Select(p => new SinkPosition(p.Key.Topic, p.Key.Partition, p.Value))];

    /// <summary>Adds an engagement row. <paramref name="source"/> may be null when no Kafka offset stands behind it.</summary>
    public void AddRow(EngagementRow row, SinkSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        Add(new EngagementBatchEntry(EngagementBatchEntryKind.Row, source ?? default, row, new EngagementKey(row.UserId, row.VideoId), null), source);
    }

    /// <summary>Adds a tombstone: the row of (<paramref name="userId"/>, <paramref name="videoId"/>) is deleted.</summary>
    public void AddTombstone(string userId, string videoId, SinkSource? source = null) =>
        Add(new EngagementBatchEntry(EngagementBatchEntryKind.Tombstone, source ?? default, null, new EngagementKey(userId, videoId), null), source);

    /// <summary>Adds a message that cannot be applied; storing it moves the offset past it.</summary>
    public void AddDeadLetter(SinkDeadLetter deadLetter)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        Add(new EngagementBatchEntry(EngagementBatchEntryKind.DeadLetter, deadLetter.Source, null, default, deadLetter), deadLetter.Source);
    }

    /// <summary>Forgets the messages of partitions this consumer no longer owns; their new owner re-reads them from the stored offsets.</summary>
    public void RemovePartitions(IEnumerable<(string Topic, int Partition)> partitions)
    {
        var removed = partitions.ToHashSet();
        if (_entries.RemoveAll(e => e.Source.Topic is not null && removed.Contains((e.Source.Topic, e.Source.Partition))) == 0)
            return;
        foreach (var partition in removed)
            _nextOffsets.Remove(partition);
    }

    /// <summary>Empties the batch after it was stored.</summary>
    public void Clear()
    {
        _entries.Clear();
        _nextOffsets.Clear();
    }

    internal IReadOnlyList<EngagementBatchEntry> Entries => _entries;

    /// <summary>The messages that became dead letters, in consumption order.</summary>
    internal IReadOnlyList<SinkDeadLetter> DeadLetters =>
        [.. _entries.Where(e => e.Kind == EngagementBatchEntryKind.DeadLetter).Select(e => e.DeadLetter!)];

    /// <summary>
    /// Rows to upsert and keys to delete, in an order that gives the effect of applying the
    /// messages one by one: a tombstone cancels the rows of its key before it.
    /// </summary>
    internal (List<EngagementRow> Rows, List<EngagementKey> Deletes) Plan()
    {
        Dictionary<EngagementKey, int>? lastTombstone = null;
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Kind == EngagementBatchEntryKind.Tombstone)
                (lastTombstone ??= [])[_entries[i].Key] = i;
        }

        var rows = new List<EngagementRow>(_entries.Count);
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            switch (entry.Kind)
            {
                case EngagementBatchEntryKind.Row when lastTombstone is null || !lastTombstone.TryGetValue(entry.Key, out var tombstoneAt) || tombstoneAt < i:
                    rows.Add(entry.Row!);
                    break;
            }
        }
        return (rows, lastTombstone is null ? [] : [.. lastTombstone.Keys]);
    }

    /// <summary>Single-message batches in consumption order, to isolate a message PostgreSQL refuses.</summary>
    internal IEnumerable<EngagementBatch> OnePerMessage()
    {
        foreach (var entry in _entries)
        {
            var single = new EngagementBatch();
            single.Add(entry, entry.Source.Topic is null ? null : entry.Source);
            yield return single;
        }
    }

    /// <summary>
    /// This single-message batch as a <see cref="SinkDeadLetterReasons.Rejected"/> dead letter
    /// carrying the row's JSON, for a message PostgreSQL refused.
    /// </summary>
    internal EngagementBatch AsRejected(string detail)
    {
        var entry = _entries[0];
        // A NUL is the usual reason text is refused; the detail must not be refused in turn.
        detail = detail.Replace('\0', ' ');
        byte[]? key = null;
        byte[]? value = null;
        if (entry.Kind == EngagementBatchEntryKind.Row)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
                EngagementRowJson.Write(json, entry.Row!, includeStreamingFields: true);
            value = buffer.ToArray();
            key = JsonSerializer.SerializeToUtf8Bytes(new[] { entry.Key.UserId, entry.Key.VideoId });
        }
        else if (entry.DeadLetter is { } previous)
        {
            (key, value) = (previous.Key, previous.Value);
        }
        var rejected = new EngagementBatch();
        rejected.AddDeadLetter(new SinkDeadLetter(entry.Source, SinkDeadLetterReasons.Rejected, detail, key, value));
        return rejected;
    }

    private void Add(EngagementBatchEntry entry, SinkSource? source)
    {
        _entries.Add(entry);
        if (source is { } s)
        {
            var partition = (s.Topic, s.Partition);
            _nextOffsets[partition] = Math.Max(_nextOffsets.GetValueOrDefault(partition), s.Offset + 1);
        }
    }

    IEnumerable<EngagementBatch> ISinkBatch<EngagementBatch>.OnePerMessage() => OnePerMessage();

    EngagementBatch ISinkBatch<EngagementBatch>.AsRejected(string detail) => AsRejected(detail);

    IReadOnlyList<SinkDeadLetter> ISinkBatch<EngagementBatch>.DeadLetters => DeadLetters;
}
