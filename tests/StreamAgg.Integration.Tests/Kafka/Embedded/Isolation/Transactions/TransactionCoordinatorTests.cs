using Microsoft.Extensions.Time.Testing;
using StreamAgg.Dev.Kafka.Isolation.Transactions;
using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Embedded.Isolation.Transactions;

public sealed class TransactionCoordinatorTests
{
    private static readonly PartitionKey Partition = new("topic", 0);
    private static readonly ProducerKey Old = new(1, 0);
    private static readonly ProducerKey New = new(2, 0);

    [Fact]
    public void Registered_SameTransactionalIdAgain_AbortsTheOpenTransactionAndFencesTheOld()
    {
        var coordinator = new TransactionCoordinator(ManualClock());
        coordinator.Registered("app-0", Old, TimeSpan.FromMinutes(1));
        coordinator.BeginAppend(Old, Partition);
        coordinator.Appended(Old, Partition, 0, 4);
        var change = coordinator.NextChange;

        coordinator.Registered("app-0", New, TimeSpan.FromMinutes(1));

        Assert.True(change.IsCompleted);
        Assert.True(coordinator.IsFenced(Old));
        Assert.False(coordinator.IsFenced(New));
        Assert.False(coordinator.BeginAppend(Old, Partition));
        Assert.Equal(BatchFate.Aborted, coordinator.Classify(Partition, Old, 0, out _));
        Assert.Equal(long.MaxValue, coordinator.FirstOpenOffset(Partition));
    }

    [Fact]
    public void AbortExpired_TransactionOlderThanItsTimeout_AbortsAndFencesIt()
    {
        var clock = ManualClock();
        var coordinator = new TransactionCoordinator(clock);
        coordinator.Registered("app-0", Old, TimeSpan.FromSeconds(2));
        coordinator.BeginAppend(Old, Partition);
        coordinator.Appended(Old, Partition, 7, 9);

        clock.Advance(TimeSpan.FromSeconds(2));
        var atTheLimit = coordinator.AbortExpired();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var pastIt = coordinator.AbortExpired();

        Assert.Empty(atTheLimit);
        Assert.Equal([Old], pastIt);
        Assert.True(coordinator.IsFenced(Old));
        Assert.Equal(BatchFate.Aborted, coordinator.Classify(Partition, Old, 7, out var first));
        Assert.Equal(7, first);
    }

    [Fact]
    public void End_Commit_ReturnsTheTransactionsOffsetsAndAbortDropsThem()
    {
        var coordinator = new TransactionCoordinator(ManualClock());
        coordinator.Registered("app-0", Old, TimeSpan.FromMinutes(1));
        var offsets = new GroupOffsets("group", 3, "member", null, [new PartitionOffset(Partition, 10, null)]);

        coordinator.AddOffsets(Old, offsets);
        var aborted = coordinator.End(Old, commit: false);
        coordinator.AddOffsets(Old, offsets);
        coordinator.AddOffsets(Old, offsets with { Offsets = [new PartitionOffset(Partition, 12, null)] });
        var committed = coordinator.End(Old, commit: true);

        Assert.Empty(aborted);
        var stored = Assert.Single(committed);
        Assert.Equal(12, Assert.Single(stored.Offsets).Offset);
    }

    [Fact]
    public void FirstOpenOffset_TwoProducersOpen_IsTheEarliestFirstOffset()
    {
        var coordinator = new TransactionCoordinator(ManualClock());
        coordinator.BeginAppend(Old, Partition);
        coordinator.Appended(Old, Partition, 20, 24);
        coordinator.BeginAppend(New, Partition);
        coordinator.Appended(New, Partition, 10, 14);

        var bothOpen = coordinator.FirstOpenOffset(Partition);
        coordinator.End(New, commit: true);

        Assert.Equal(10, bothOpen);
        Assert.Equal(20, coordinator.FirstOpenOffset(Partition));
    }

    // Fake time: moves only when told.
    private static FakeTimeProvider ManualClock() => new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
}
