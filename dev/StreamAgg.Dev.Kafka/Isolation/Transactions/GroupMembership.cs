namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

/// <summary>
/// The members of each consumer group's latest generation, as JoinGroup responses name them.
/// Storing a committed transaction's offsets takes a valid member and generation, which
/// TxnOffsetCommit only carries from version 3; a client that sends an older version (any Kafka
/// client may reach the proxy, and the member it names may have left since) is stored under a
/// member of the current generation, which is as good for the group coordinator.
/// Thread-safe.
/// </summary>
internal sealed class GroupMembership
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Generation, List<string> Members)> _groups = new(StringComparer.Ordinal);

    public void Joined(string groupId, int generation, string memberId)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(groupId, out var group) || group.Generation < generation)
            {
                group = (generation, []);
                _groups[groupId] = group;
            }

            if (group.Generation == generation && !group.Members.Contains(memberId))
            {
                group.Members.Insert(0, memberId);
            }
        }
    }

    /// <summary>
    /// The group coordinator does not know <paramref name="memberId"/> (any more): it left, or its
    /// session timed out. Storing offsets stops trying it.
    /// </summary>
    public void Forget(string groupId, string memberId)
    {
        lock (_gate)
        {
            if (_groups.TryGetValue(groupId, out var group))
            {
                group.Members.Remove(memberId);
            }
        }
    }

    /// <summary>The members of the group's latest generation, the most recently joined first.</summary>
    public IReadOnlyList<(int Generation, string MemberId)> Current(string groupId)
    {
        lock (_gate)
        {
            return _groups.TryGetValue(groupId, out var group) ? group.Members.Select(m => (group.Generation, m)).ToList() : [];
        }
    }
}
