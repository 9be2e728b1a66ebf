using StreamAgg.Core.Engagement;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Wire;
using static StreamAgg.Processor.Tests.Engagement.EventJson;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>
/// Issue 3 §5: rows are coalesced, at most one update per key per commit interval, carrying the
/// newest state; <c>version</c> grows with every update and never repeats for a key.
/// </summary>
public sealed class EngagementTaskCoalescingTests
{
    [Fact]
    public void Flush_ManyEventsOfOneKeyBetweenCommits_OneRowPerKeyWithTheLatestState()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        for (int i = 0; i <= 20; i++)
        {
            driver.PipeInput(Key("ann"), Event("ann", "v1", i == 0 ? "video_play" : "video_heartbeat", T0.AddSeconds(10 * i), 10 * i));
        }

        driver.PipeInput(Key("bob"), Event("bob", "v1", "video_play", T0, 0));
        driver.PipeInput(Key("bob"), Event("bob", "v1", "video_heartbeat", T0.AddSeconds(30), 30));

        IReadOnlyList<CapturedRecord> commit = driver.Commit();

        List<EngagementRow> rows = Rows(commit);
        Assert.Equal(["ann", "bob"], rows.Select(r => r.UserId).Order(StringComparer.Ordinal));
        EngagementRow ann = rows.Single(r => r.UserId == "ann");
        Assert.Equal(21, ann.EventsApplied);
        Assert.Equal(200, ann.TotalWatchTime, 3);
        Assert.Equal(T0.AddSeconds(200).ToUnixTimeMilliseconds(), ann.LastEventAtMs);
        Assert.Equal(2, commit.Count(r => r.Topic == TopicNames.EngagementStateChangelog));
    }

    [Fact]
    public void Flush_KeyUnchangedSinceLastCommit_SendsNothingForIt()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        driver.PipeInput(Key("ann"), Event("ann", "v1", "video_play", T0, 0));
        driver.PipeInput(Key("bob"), Event("bob", "v1", "video_play", T0, 0));
        driver.Commit();

        driver.PipeInput(Key("bob"), Event("bob", "v1", "video_heartbeat", T0.AddSeconds(10), 10));
        IReadOnlyList<CapturedRecord> second = driver.Commit();
        IReadOnlyList<CapturedRecord> third = driver.Commit();

        Assert.Equal(["bob"], Rows(second).Select(r => r.UserId));
        Assert.Single(second, r => r.Topic == TopicNames.EngagementStateChangelog);
        Assert.Empty(third);
    }

    [Fact]
    public void Flush_UpdatesAcrossCommits_VersionGrowsAndNeverRepeats()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        var random = new Random(7);
        string[] users = ["ann", "bob", "cat"];
        var position = new Dictionary<string, int>();
        for (int commit = 0; commit < 12; commit++)
        {
            int events = random.Next(1, 8);
            for (int i = 0; i < events; i++)
            {
                string user = users[random.Next(users.Length)];
                int at = position.GetValueOrDefault(user);
                position[user] = at + 5;
                driver.PipeInput(Key(user), Event(user, "v1", at == 0 ? "video_play" : "video_heartbeat", T0.AddSeconds(at), at));
            }

            driver.Commit();
        }

        foreach (IGrouping<string, EngagementRow> key in driver.ReadEngagementRows().GroupBy(r => r.UserId))
        {
            List<long> versions = key.Select(r => r.Version).ToList();
            Assert.True(versions.Zip(versions.Skip(1)).All(p => p.First < p.Second), $"{key.Key}: {string.Join(",", versions)}");
        }

        // One row per key per commit at most.
        Assert.All(
            driver.OutputOf(TopicNames.Engagement).GroupBy(r => (r.Commit, r.KeyText)),
            g => Assert.Single(g));
    }

    [Fact]
    public void Flush_DroppedDuplicate_IsAnUpdateWithANewVersion()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        byte[] play = Event("ann", "v1", "video_play", T0, 0);
        driver.PipeInput(Key("ann"), play);
        EngagementRow first = Rows(driver.Commit()).Single();

        driver.PipeInput(Key("ann"), play);
        EngagementRow second = Rows(driver.Commit()).Single();

        Assert.Equal(1, second.DuplicateEventsDropped);
        Assert.True(second.Version > first.Version);
    }

    private static List<EngagementRow> Rows(IEnumerable<CapturedRecord> records) =>
        records.Where(r => r.Topic == TopicNames.Engagement).Select(r => EngagementRowJson.Read(r.Value)).ToList();
}
