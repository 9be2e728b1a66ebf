using StreamAgg.Dev.Kafka.Isolation.Transactions;
using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Embedded.Isolation.Transactions;

public sealed class PendingGroupOffsetsTests
{
    private static readonly PartitionKey First = new("input", 0);
    private static readonly PartitionKey Second = new("input", 1);

    [Fact]
    public void Take_TwoCommitsOfOnePartition_HoldsTheLaterOnly()
    {
        var pending = new PendingGroupOffsets();
        pending.Add(Committed("group", (First, 10), (Second, 4)));
        pending.Add(Committed("group", (First, 20)));

        var waiting = pending.Take("group");

        Assert.NotNull(waiting);
        Assert.Equal([(First, 20L), (Second, 4L)], waiting.Offsets.Select(o => (o.Partition, o.Offset)).OrderBy(o => o.Partition.Partition));
    }

    [Fact]
    public void Stored_ALaterCommitArrivedWhileStoring_KeepsTheLaterWaiting()
    {
        var pending = new PendingGroupOffsets();
        pending.Add(Committed("group", (First, 10), (Second, 4)));
        var storing = pending.Take("group")!;
        pending.Add(Committed("group", (First, 20)));

        pending.Stored(storing);

        var waiting = pending.Take("group");
        Assert.NotNull(waiting);
        Assert.Equal(20, Assert.Single(waiting.Offsets).Offset);
    }

    [Fact]
    public void Stored_EverythingThatWaited_ForgetsTheGroup()
    {
        var pending = new PendingGroupOffsets();
        pending.Add(Committed("group", (First, 10)));

        pending.Stored(pending.Take("group")!);

        Assert.Null(pending.Take("group"));
        Assert.Empty(pending.Groups);
    }

    private static GroupOffsets Committed(string group, params (PartitionKey Partition, long Offset)[] offsets) =>
        new(group, -1, "", null, offsets.Select(o => new PartitionOffset(o.Partition, o.Offset, null)).ToList());
}
