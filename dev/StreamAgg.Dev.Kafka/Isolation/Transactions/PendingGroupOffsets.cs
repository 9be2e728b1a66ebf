namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

/// <summary>
/// Offsets of committed transactions that the group coordinator behind has not stored yet, per
/// group and partition. Kafka stores a committed transaction's offsets whatever the group is
/// doing; the brokers behind only take an offset commit from a member of the current generation
/// while the group is stable, so what they refuse during a rebalance waits here and is stored
/// again once they take it. A later transaction's offset for the same partition replaces a
/// waiting one (the last commit wins, as on Kafka), so a retry never stores an older offset over
/// a newer committed one. Thread-safe.
/// </summary>
internal sealed class PendingGroupOffsets
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<PartitionKey, PartitionOffset>> _groups = new(StringComparer.Ordinal);

    /// <summary>Groups with offsets waiting to be stored.</summary>
    public IReadOnlyList<string> Groups
    {
        get
        {
            lock (_gate)
            {
                return _groups.Keys.ToList();
            }
        }
    }

    /// <summary>Adds a committed transaction's offsets, replacing older waiting ones of the same partitions.</summary>
    public void Add(GroupOffsets offsets)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(offsets.GroupId, out var waiting))
            {
                waiting = [];
                _groups[offsets.GroupId] = waiting;
            }

            foreach (var offset in offsets.Offsets)
            {
                waiting[offset.Partition] = offset;
            }
        }
    }

    /// <summary>Everything the group has waiting (membership unknown: the storer picks a member), or null.</summary>
    public GroupOffsets? Take(string groupId)
    {
        lock (_gate)
        {
            return _groups.TryGetValue(groupId, out var waiting) && waiting.Count > 0
                ? new GroupOffsets(groupId, -1, "", null, waiting.Values.ToList())
                : null;
        }
    }

    /// <summary>
    /// <paramref name="stored"/> (from <see cref="Take"/>) is in the group now: forgets those of its
    /// offsets that no later transaction replaced meanwhile.
    /// </summary>
    public void Stored(GroupOffsets stored)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(stored.GroupId, out var waiting))
            {
                return;
            }

            foreach (var offset in stored.Offsets)
            {
                if (waiting.TryGetValue(offset.Partition, out var current) && current == offset)
                {
                    waiting.Remove(offset.Partition);
                }
            }

            if (waiting.Count == 0)
            {
                _groups.Remove(stored.GroupId);
            }
        }
    }
}
