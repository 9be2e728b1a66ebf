using StreamAgg.Core.Engagement;
using StreamAgg.Processor.Engagement;
using StreamAgg.Processor.Tests.Engagement;
using StreamAgg.Processor.TestDriver;

namespace StreamAgg.Processor.Tests.State;

/// <summary>
/// The disk tier changes no output: every scenario through a task whose memory budget is 0 (every
/// finished key leaves for RocksDB at each commit and is loaded back on its next event, close or
/// row) sends exactly the bytes, in exactly the order, of a task holding everything in memory.
/// </summary>
public sealed class EngagementDiskTierTests
{
    public static IEnumerable<object[]> Scenarios => ScenarioInput.All();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Commit_ScenarioWithZeroCache_OutputByteIdenticalToInMemory(string scenario)
    {
        using var folder = new TemporaryStateDirectory();
        using var memory = ProcessorTestDriver.ForEngagement(videos: ScenarioInput.Catalog(scenario));
        using var disk = ProcessorTestDriver.ForEngagement(videos: ScenarioInput.Catalog(scenario), stateDirectory: folder.Path, stateCacheBytes: 0);

        var events = ScenarioInput.Events(scenario);
        for (var i = 0; i < events.Count; i++)
        {
            foreach (var driver in new[] { memory, disk })
            {
                driver.PipeInput(null, events[i]);
                if (i % 3 == 2)
                {
                    // Quiet past the session timeout: every session closes, so its key leaves
                    // memory at the commit and comes back with its next event.
                    driver.AdvanceWallClock(EngagementOptions.Default.SessionTimeout + TimeSpan.FromSeconds(1));
                }

                driver.Commit();
            }
        }

        foreach (var driver in new[] { memory, disk })
        {
            driver.AdvanceWallClock(EngagementOptions.Default.SessionTimeout + TimeSpan.FromSeconds(1));
            driver.Commit();
        }

        Assert.Equal(Describe(memory.Output), Describe(disk.Output));
        var cache = ((EngagementTask)disk.Task).LocalState!.Cache;
        Assert.True(cache.Evicted > 0, "no key went through the disk tier");
        // Every session is closed at the end: nothing stays in memory.
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Commit_KeyEvictedThenEventAgain_LoadedBackAndContinued()
    {
        using var folder = new TemporaryStateDirectory();
        using var memory = ProcessorTestDriver.ForEngagement();
        using var disk = ProcessorTestDriver.ForEngagement(stateDirectory: folder.Path, stateCacheBytes: 0);
        var start = EventJson.T0;

        foreach (var driver in new[] { memory, disk })
        {
            driver.PipeInput(null, EventJson.Event("u1", "v1", "video_play", start, 0));
            driver.PipeInput(null, EventJson.Event("u1", "v1", "video_pause", start.AddSeconds(20), 20));
            driver.AdvanceWallClock(EngagementOptions.Default.SessionTimeout + TimeSpan.FromSeconds(1));
            driver.Commit();
        }

        var cache = ((EngagementTask)disk.Task).LocalState!.Cache;
        Assert.Equal(1, cache.Evicted);
        Assert.Equal(0, cache.Count);

        foreach (var driver in new[] { memory, disk })
        {
            driver.PipeInput(null, EventJson.Event("u1", "v1", "video_play", start.AddHours(1), 20));
            driver.Commit();
        }

        Assert.Equal(1, cache.Loaded);
        Assert.Equal(Describe(memory.Output), Describe(disk.Output));
    }

    internal static List<string> Describe(IEnumerable<CapturedRecord> records, int firstCommit = 0) =>
        records.Select(r => $"{r.Commit - firstCommit} {r.Topic}/{r.Partition} {Convert.ToHexString(r.Key ?? [])} {Convert.ToHexString(r.Value ?? [])} "
            + string.Join(",", r.Headers.Select(h => h.Key + "=" + Convert.ToHexString(h.Value))))
        .ToList();
}
