using System.Text;
using StreamAgg.Core.Engagement;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Wire;
using static StreamAgg.Processor.Tests.Engagement.EventJson;

namespace StreamAgg.Processor.Tests.TestDriver;

public sealed class ProcessorTestDriverTests
{
    [Fact]
    public void PipeInput_AfterSettingNextInputOffset_RecordsCarryTheFollowingOffsets()
    {
        using var driver = ProcessorTestDriver.ForEngagement(partition: 3);
        driver.NextInputOffset = 41;

        driver.PipeInput(null, "junk"u8.ToArray());
        driver.PipeInput(null, "junk"u8.ToArray());

        Assert.Equal(["player-events/3/41", "player-events/3/42"], driver.ReadDeadLetters().Select(d => d.SourceHeader!));
        Assert.Equal(43, driver.NextInputOffset);
    }

    [Fact]
    public void Commit_Twice_EachReturnsOnlyItsOwnRecordsNumberedByCommit()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        driver.PipeInput(Key("ann"), Event("ann", "v1", "video_play", T0, 0));
        IReadOnlyList<CapturedRecord> first = driver.Commit();
        driver.PipeInput(Key("bob"), Event("bob", "v1", "video_play", T0, 0));
        IReadOnlyList<CapturedRecord> second = driver.Commit();

        Assert.Equal(2, driver.CommitCount);
        Assert.All(first, r => Assert.Equal(0, r.Commit));
        Assert.All(second, r => Assert.Equal(1, r.Commit));
        Assert.Equal(["[\"ann\",\"v1\"]"], first.Where(r => r.Topic == TopicNames.Engagement).Select(r => r.KeyText));
        Assert.Equal(["[\"bob\",\"v1\"]"], second.Where(r => r.Topic == TopicNames.Engagement).Select(r => r.KeyText));
        Assert.Equal(first.Concat(second), driver.Output);
    }

    [Fact]
    public void PipeInputs_OnePollOrOneRecordAtATime_ClosesOnStreamTimeAlike()
    {
        // bob moves stream time past ann's timeout, then ann goes on. Stream time closes sessions
        // between records, so one poll or three give the same output: a replay decides alike.
        byte[][] poll =
        [
            Event("ann", "v1", "video_play", T0, 0),
            Event("bob", "v1", "video_play", T0 + EngagementOptions.Default.SessionTimeout + TimeSpan.FromMinutes(1), 0),
            Event("ann", "v1", "video_heartbeat", T0.AddMinutes(40), 2400),
        ];

        using var perRecord = ProcessorTestDriver.ForEngagement();
        foreach (byte[] value in poll)
        {
            perRecord.PipeInput(null, value);
        }

        perRecord.Commit();
        using var perPoll = ProcessorTestDriver.ForEngagement();
        perPoll.PipeInputs(poll.Select(v => ((byte[]?)null, (byte[]?)v)));
        perPoll.Commit();

        EngagementRow oneAtATime = perRecord.ReadLatestEngagementRows()[new EngagementKey("ann", "v1")];
        EngagementRow onePoll = perPoll.ReadLatestEngagementRows()[new EngagementKey("ann", "v1")];
        Assert.Equal(oneAtATime, onePoll with { QualityFlags = oneAtATime.QualityFlags });
        Assert.Equal(2, onePoll.SessionCount);
    }

    [Fact]
    public void RestoreFrom_OwnChangelog_FreshTaskWithTheStateAndOutputKept()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        driver.PipeInput(Key("ann"), Event("ann", "v1", "video_play", T0, 0));
        driver.Commit();
        int sent = driver.Output.Count;

        Assert.Equal(1, driver.RestoreFrom(driver.ChangelogRecords));
        driver.PipeInput(Key("ann"), Event("ann", "v1", "video_heartbeat", T0.AddSeconds(10), 10));
        driver.Commit();

        Assert.Equal(sent, driver.Output.Count(r => r.Commit == 0));
        EngagementRow row = driver.ReadEngagementRows()[^1];
        Assert.Equal(2, row.EventsApplied);
        Assert.Equal(10, row.TotalWatchTime, 3);
    }

    [Fact]
    public void Output_CapturedRecord_HeadersReadAsText()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        driver.PipeInput(Encoding.UTF8.GetBytes("ann"), "{}"u8.ToArray());

        CapturedRecord deadLetter = Assert.Single(driver.OutputOf(TopicNames.DeadLetters));

        Assert.Equal("ann", deadLetter.KeyText);
        Assert.Equal("missing_field", deadLetter.HeaderText(MessageHeaders.DeadLetterReason));
        Assert.Null(deadLetter.HeaderText("absent"));
        Assert.Null(deadLetter.Partition);
    }
}
