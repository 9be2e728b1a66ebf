using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Sink.Writing;
using StreamAgg.Wire;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Heatmap deltas consumed since the last write, already merged per (video, day, second): the
/// viewers unioned, the plays summed. With the dead letters and the partition positions they
/// advance to, the writer stores a batch in one transaction, entirely or not at all.
/// </summary>
public sealed class HeatmapBatch : ISinkBatch<HeatmapBatch>
{
    private readonly List<(HeatmapDelta? Delta, SinkDeadLetter? DeadLetter, SinkSource? Source)> _messages = [];
    private readonly Dictionary<HeatmapCellKey, HeatmapCellSum> _cells = [];
    private readonly List<SinkDeadLetter> _deadLetters = [];
    private readonly Dictionary<(string Topic, int Partition), long> _nextOffsets = [];

    /// <summary>The number of messages held (deltas and dead letters).</summary>
    public int Count => _messages.Count;

    /// <summary>The number of distinct (video, day, second) cells the deltas touch.</summary>
    public int CellCount => _cells.Count;

    /// <summary>The number of delta seconds added, before merging equal cells.</summary>
    public long SecondsAdded { get; private set; }

    /// <summary>The next offset to read per partition once this batch is stored.</summary>
    public IReadOnlyList<SinkPosition> Positions =>
        [.. _nextOffsets.Select(p => new SinkPosition(p.Key.Topic, p.Key.Partition, p.Value))];

    /// <summary>
    /// Adds a delta; its sketches are copied, never changed. <paramref name="source"/> may be null
    /// when no Kafka offset stands behind it.
    /// </summary>
    /// <exception cref="ArgumentException">A sketch does not use the default settings (14, 5, −1, on), which the tables hold.</exception>
    public void AddDelta(HeatmapDelta delta, SinkSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (FindForeignSettings(delta) is { } foreign)
            throw new ArgumentException($"Heatmap sketches must use {HllSettings.Default}; this delta has {foreign}.", nameof(delta));
        _messages.Add((delta, null, source));
        Merge(delta);
        Advance(source);
    }

    /// <summary>Adds a message that cannot be applied; storing it moves the offset past it.</summary>
    public void AddDeadLetter(SinkDeadLetter deadLetter)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        _messages.Add((null, deadLetter, deadLetter.Source));
        _deadLetters.Add(deadLetter);
        Advance(deadLetter.Source);
    }

    /// <summary>Forgets the messages of partitions this consumer no longer owns; their new owner re-reads them from the stored offsets.</summary>
    public void RemovePartitions(IEnumerable<(string Topic, int Partition)> partitions)
    {
        var removed = partitions.ToHashSet();
        bool Owned((HeatmapDelta? Delta, SinkDeadLetter? DeadLetter, SinkSource? Source) m) =>
            m.Source is not { } s || !removed.Contains((s.Topic, s.Partition));
        var kept = _messages.Where(Owned).ToList();
        if (kept.Count == _messages.Count)
            return;
        Clear();
        foreach (var (delta, deadLetter, source) in kept)
        {
            if (delta is not null)
                AddDelta(delta, source);
            else
                AddDeadLetter(deadLetter!);
        }
    }

    /// <summary>Empties the batch after it was stored.</summary>
    public void Clear()
    {
        _messages.Clear();
        _cells.Clear();
        _deadLetters.Clear();
        _nextOffsets.Clear();
        SecondsAdded = 0;
    }

    internal IReadOnlyDictionary<HeatmapCellKey, HeatmapCellSum> DailyCells => _cells;

    internal IReadOnlyList<SinkDeadLetter> DeadLetters => _deadLetters;

    /// <summary>Single-message batches in consumption order, to isolate a message PostgreSQL refuses.</summary>
    internal IEnumerable<HeatmapBatch> OnePerMessage()
    {
        foreach (var (delta, deadLetter, source) in _messages)
        {
            var single = new HeatmapBatch();
            if (delta is not null)
                single.AddDelta(delta, source);
            else
                single.AddDeadLetter(deadLetter!);
            yield return single;
        }
    }

    /// <summary>This single-message batch as a <see cref="SinkDeadLetterReasons.Rejected"/> dead letter carrying the delta's bytes.</summary>
    internal HeatmapBatch AsRejected(string detail)
    {
        var (delta, deadLetter, source) = _messages[0];
        // A NUL is the usual reason text is refused; the detail must not be refused in turn.
        detail = detail.Replace('\0', ' ');
        var (key, value) = delta is not null
            ? (HeatmapDeltaKeyCodec.Encode(delta.VideoId, delta.Day), HeatmapDeltaCodec.ToBytes(delta))
            : (deadLetter!.Key, deadLetter.Value);
        var rejected = new HeatmapBatch();
        rejected.AddDeadLetter(new SinkDeadLetter(source ?? default, SinkDeadLetterReasons.Rejected, detail, key, value));
        return rejected;
    }

    internal static HllSettings? FindForeignSettings(HeatmapDelta delta)
    {
        foreach (var second in delta.Seconds)
        {
            if (second.Viewers.Settings != HllSettings.Default)
                return second.Viewers.Settings;
        }
        return null;
    }

    private void Merge(HeatmapDelta delta)
    {
        foreach (var second in delta.Seconds)
        {
            SecondsAdded++;
            var key = new HeatmapCellKey(delta.VideoId, delta.Day, second.Second);
            if (_cells.TryGetValue(key, out var cell))
            {
                cell.Viewers.UnionWith(second.Viewers);
                cell.Plays += second.Plays;
            }
            else
            {
                _cells.Add(key, new HeatmapCellSum(second.Viewers.Clone(), second.Plays));
            }
        }
    }

    private void Advance(SinkSource? source)
    {
        if (source is { } s)
        {
            var partition = (s.Topic, s.Partition);
            _nextOffsets[partition] = Math.Max(_nextOffsets.GetValueOrDefault(partition), s.Offset + 1);
        }
    }

    IEnumerable<HeatmapBatch> ISinkBatch<HeatmapBatch>.OnePerMessage() => OnePerMessage();

    HeatmapBatch ISinkBatch<HeatmapBatch>.AsRejected(string detail) => AsRejected(detail);

    IReadOnlyList<SinkDeadLetter> ISinkBatch<HeatmapBatch>.DeadLetters => DeadLetters;
}
