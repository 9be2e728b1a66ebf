using Confluent.Kafka;
using StreamAgg.Core.Engagement;
using StreamAgg.Processor.Engagement;
using StreamAgg.Processor.State;
using StreamAgg.Processor.Tests.Engagement;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Tests.State;

/// <summary>
/// Checkpoints: a task closed cleanly restores only the changelog after its checkpoint and goes on
/// exactly (byte for byte) as one restored from the whole changelog; a store without a trusted checkpoint (a
/// crash, a damaged or foreign checkpoint, a damaged or lost store) is wiped and rebuilt.
/// </summary>
public sealed class EngagementCheckpointTests
{
    private const string Scenario = "11-mixed-traffic";

    [Theory]
    [InlineData(0L)]
    [InlineData(ProcessorOptions.DefaultStateCacheBytes)]
    public void Reopen_AfterCleanClose_RestoresOnlyTheTailAndContinuesAsFullRestore(long cacheBytes)
    {
        using var folder = new TemporaryStateDirectory();
        var events = ScenarioInput.Events(Scenario);
        var (first, second, third) = Split(events);

        // The reference holds everything in memory and never stops.
        using var reference = Driver(null, 0);
        Pipe(reference, first);

        // The instance with the local store processes the same, then closes cleanly.
        var checkpointed = Driver(folder.Path, cacheBytes);
        Pipe(checkpointed, first);
        Assert.Equal(EngagementDiskTierTests.Describe(reference.Output), EngagementDiskTierTests.Describe(checkpointed.Output));
        long changelogEnd = checkpointed.ChangelogRecords.Count;
        checkpointed.NextInputOffset = first.Count;
        checkpointed.CloseCleanly(changelogEnd);

        // Meanwhile another owner (the reference) goes on and logs more.
        Pipe(reference, second);
        var changelog = reference.ChangelogRecords;

        using var reopened = Driver(folder.Path, cacheBytes);
        var task = (EngagementTask)reopened.Task;
        Assert.Equal(changelogEnd, task.LocalStateOffset(TopicNames.EngagementStateChangelog));
        Assert.Equal(first.Count, task.LocalStatePosition);
        int restored = reopened.RestoreTail(changelog);
        Assert.Equal(changelog.Count - changelogEnd, restored);
        Assert.True(restored < changelog.Count);

        // The same as the runtime without local state does on a new assignment: restore it all.
        using var fullyRestored = Driver(null, 0);
        fullyRestored.RestoreFrom(changelog);
        Pipe(fullyRestored, third);
        Pipe(reopened, third);
        Assert.Equal(EngagementDiskTierTests.Describe(fullyRestored.Output), EngagementDiskTierTests.Describe(reopened.Output));
    }

    [Fact]
    public void Reopen_AfterCrash_StoreWipedAndWholeChangelogRestored()
    {
        using var folder = new TemporaryStateDirectory();
        var events = ScenarioInput.Events(Scenario);
        var (first, second, _) = Split(events);
        using var reference = Driver(null, 0);
        Pipe(reference, first);

        var crashed = Driver(folder.Path, 0);
        Pipe(crashed, first);
        crashed.CloseCleanly(crashed.ChangelogRecords.Count);

        // Reopened (the checkpoint is taken away), it works and dies without a clean close.
        var running = Driver(folder.Path, 0);
        Assert.NotNull(((EngagementTask)running.Task).LocalStateOffset(TopicNames.EngagementStateChangelog));
        Pipe(running, second);
        running.Dispose();

        using var reopened = Driver(folder.Path, 0);
        var task = (EngagementTask)reopened.Task;
        Assert.Null(task.LocalStateOffset(TopicNames.EngagementStateChangelog));
        Assert.Contains("no checkpoint", task.LocalState!.WipedBecause);
        Assert.Equal(0, task.KeyCount);

        AssertContinuesAsFullRestore(reference, reopened);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("another application")]
    [InlineData("another partition")]
    public void Reopen_CheckpointNotTrusted_StoreWiped(string damage)
    {
        using var folder = new TemporaryStateDirectory();
        var (first, _, _) = Split(ScenarioInput.Events(Scenario));
        using var reference = Driver(null, 0);
        Pipe(reference, first);
        var closed = Driver(folder.Path, 0);
        Pipe(closed, first);
        closed.CloseCleanly(closed.ChangelogRecords.Count);

        var checkpoint = Directory.GetFiles(folder.Path, ".checkpoint", SearchOption.AllDirectories).Single();
        var text = File.ReadAllText(checkpoint);
        File.WriteAllText(checkpoint, damage switch
        {
            "garbage" => "\u0001\u0002 not a checkpoint",
            "truncated" => text[..(text.Length - 5)],
            "another application" => text.Replace("application=test-driver", "application=another", StringComparison.Ordinal),
            _ => text.Replace("partition=0", "partition=3", StringComparison.Ordinal),
        });

        using var reopened = Driver(folder.Path, 0);
        var task = (EngagementTask)reopened.Task;
        Assert.Null(task.LocalStateOffset(TopicNames.EngagementStateChangelog));
        Assert.NotNull(task.LocalState!.WipedBecause);
        Assert.Equal(0, task.KeyCount);
        AssertContinuesAsFullRestore(reference, reopened);
    }

    [Fact]
    public void Reopen_StoreFilesDamaged_StoreWiped()
    {
        using var folder = new TemporaryStateDirectory();
        var (first, _, _) = Split(ScenarioInput.Events(Scenario));
        using var reference = Driver(null, 0);
        Pipe(reference, first);
        var closed = Driver(folder.Path, 0);
        Pipe(closed, first);
        closed.CloseCleanly(closed.ChangelogRecords.Count);

        foreach (var file in Directory.GetFiles(folder.Path, "MANIFEST-*", SearchOption.AllDirectories))
        {
            File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6, 7, 8]);
        }

        using var reopened = Driver(folder.Path, 0);
        var task = (EngagementTask)reopened.Task;
        Assert.Null(task.LocalStateOffset(TopicNames.EngagementStateChangelog));
        Assert.Contains("does not open", task.LocalState!.WipedBecause);
        AssertContinuesAsFullRestore(reference, reopened);
    }

    [Fact]
    public void Reopen_StateDirectoryLost_RebuiltFromTheChangelog()
    {
        using var folder = new TemporaryStateDirectory();
        var (first, _, _) = Split(ScenarioInput.Events(Scenario));
        using var reference = Driver(null, 0);
        Pipe(reference, first);
        var closed = Driver(folder.Path, 0);
        Pipe(closed, first);
        closed.CloseCleanly(closed.ChangelogRecords.Count);

        Directory.Delete(folder.Path, recursive: true);

        using var reopened = Driver(folder.Path, 0);
        Assert.Null(reopened.Task.LocalStateOffset(TopicNames.EngagementStateChangelog));
        AssertContinuesAsFullRestore(reference, reopened);
    }

    [Fact]
    public void Checkpoint_StateDirectoryLostWhileRunning_FailsWithClearError()
    {
        using var folder = new TemporaryStateDirectory();
        var (first, _, _) = Split(ScenarioInput.Events(Scenario));
        using var driver = Driver(folder.Path, 0);
        Pipe(driver, first);

        Directory.Delete(folder.Path, recursive: true);

        var error = Assert.Throws<StateStoreException>(() => driver.Task.Checkpoint(TopicNames.EngagementStateChangelog, driver.ChangelogRecords.Count, 0));
        Assert.Contains(folder.Path, error.Message);
    }

    [Fact]
    public void DiscardLocalState_CheckpointPastTheChangelog_EverythingForgotten()
    {
        using var folder = new TemporaryStateDirectory();
        var (first, _, _) = Split(ScenarioInput.Events(Scenario));
        using var reference = Driver(null, 0);
        Pipe(reference, first);
        var closed = Driver(folder.Path, 0);
        Pipe(closed, first);
        closed.CloseCleanly(closed.ChangelogRecords.Count);

        using var reopened = Driver(folder.Path, 0);
        reopened.Task.DiscardLocalState("test");
        Assert.Null(reopened.Task.LocalStateOffset(TopicNames.EngagementStateChangelog));
        Assert.Equal(0, ((EngagementTask)reopened.Task).KeyCount);
        AssertContinuesAsFullRestore(reference, reopened);
    }

    [Fact]
    public void Open_StoreInUseByAnotherHandle_StopsWithoutWiping()
    {
        using var folder = new TemporaryStateDirectory();
        var changelog = new TopicPartition(TopicNames.EngagementStateChangelog, 0);
        var directory = new TaskStateDirectory(folder.Path, "app", "one", changelog);
        var (store, _) = directory.Open(out _);
        using (store)
        {
            store.Put("[\"u\",\"v\"]"u8, "x"u8);
            store.Commit();
            var error = Assert.Throws<StateStoreException>(() => new TaskStateDirectory(folder.Path, "app", "one", changelog).Open(out _));
            Assert.Contains("in use", error.Message);
            Assert.NotNull(store.Get("[\"u\",\"v\"]"u8));
        }
    }

    // After the restore: the rest of the input gives the same output as the reference's.
    private static void AssertContinuesAsFullRestore(ProcessorTestDriver reference, ProcessorTestDriver reopened)
    {
        var changelog = reference.ChangelogRecords;
        Assert.Equal(changelog.Count, reopened.RestoreTail(changelog));
        var (_, second, third) = Split(ScenarioInput.Events(Scenario));
        using var fresh = Driver(null, 0);
        fresh.RestoreFrom(changelog);
        Pipe(fresh, second.Concat(third).ToList());
        Pipe(reopened, second.Concat(third).ToList());
        Assert.Equal(EngagementDiskTierTests.Describe(fresh.Output), EngagementDiskTierTests.Describe(reopened.Output));
    }

    private static ProcessorTestDriver Driver(string? folder, long cacheBytes) =>
        ProcessorTestDriver.ForEngagement(videos: ScenarioInput.Catalog(Scenario), stateDirectory: folder, stateCacheBytes: cacheBytes);

    private static (List<byte[]> First, List<byte[]> Second, List<byte[]> Third) Split(List<byte[]> events)
    {
        var third = events.Count / 3;
        return (events.Take(third).ToList(), events.Skip(third).Take(third).ToList(), events.Skip(2 * third).ToList());
    }

    private static void Pipe(ProcessorTestDriver driver, List<byte[]> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            driver.PipeInput(null, events[i]);
            if (i % 8 == 7)
            {
                driver.AdvanceWallClock(EngagementOptions.Default.SessionTimeout + TimeSpan.FromSeconds(1));
            }

            if (i % 4 == 3 || i == events.Count - 1)
            {
                driver.Commit();
            }
        }
    }
}
