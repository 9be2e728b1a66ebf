using System.Text;
using StreamAgg.Core.Engagement;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Wire;
using static StreamAgg.Processor.Tests.Engagement.EventJson;

namespace StreamAgg.Processor.Tests.Engagement;

public sealed class EngagementTaskStreamTimeTests
{
    private static readonly TimeSpan Timeout = EngagementOptions.Default.SessionTimeout;

    [Fact]
    public void RestoreFrom_AfterADuplicateWithANewerTimestamp_ClosesSessionsAtTheSameTime()
    {
        using var original = ProcessorTestDriver.ForEngagement();
        original.PipeInput(Key("ann"), WithId("e1", T0));
        // The same event id again, re-sent with a later timestamp: a duplicate, not applied.
        original.PipeInput(Key("ann"), WithId("e1", T0.AddMinutes(10)));
        original.Commit();

        using var restored = ProcessorTestDriver.ForEngagement();
        restored.RestoreFrom(original.ChangelogRecords);

        original.AdvanceWallClock(Timeout - TimeSpan.FromMinutes(5));
        restored.AdvanceWallClock(Timeout - TimeSpan.FromMinutes(5));

        Assert.Equal(Describe(original.Commit()), Describe(restored.Commit()));
    }

    [Fact]
    public void AdvanceWallClock_PartitionReceivingOnlyJunk_ClosesSessionsLikeAQuietOne()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        driver.PipeInput(Key("ann"), Event("ann", "v1", "video_play", T0, 0));
        driver.Commit();

        // Half an hour of broken clients: records arrive, but no event is applied.
        for (int minute = 0; minute <= 31; minute++)
        {
            driver.Time.Advance(TimeSpan.FromMinutes(1));
            driver.PipeInput(null, Encoding.UTF8.GetBytes("not json"));
        }

        IReadOnlyList<CapturedRecord> commit = driver.Commit();
        Assert.Contains(commit, r => r.Topic == TopicNames.Engagement && !EngagementRowJson.Read(r.Value).ActiveSession);
    }

    [Fact]
    public void Process_InLatenessEventAfterItsSessionClosedOnStreamTime_IsLate()
    {
        // Our streaming rule, pinned (docs/topics.md): when stream time passes a key's last event
        // + sessionTimeout, its session closes and its pending events become final, so their
        // credits reach the heatmap. A straggler of that key older than its newest event is then
        // late. SEMANTICS.md §2 keeps lateness per key and does not say when an event becomes
        // final in streaming; alone in its partition the same straggler is applied.
        byte[] annPlay = Event("ann", "v1", "video_play", T0, 0);
        byte[] annLast = Event("ann", "v1", "video_heartbeat", T0.AddSeconds(30), 30);
        byte[] annStraggler = Event("ann", "v1", "video_pause", T0.AddSeconds(20), 20);

        using var alone = ProcessorTestDriver.ForEngagement();
        alone.PipeInput(Key("ann"), annPlay);
        alone.PipeInput(Key("ann"), annLast);
        alone.PipeInput(Key("ann"), annStraggler);

        using var shared = ProcessorTestDriver.ForEngagement();
        shared.PipeInput(Key("ann"), annPlay);
        shared.PipeInput(Key("ann"), annLast);
        shared.PipeInput(Key("bob"), Event("bob", "v1", "video_play", T0.AddSeconds(30) + Timeout + TimeSpan.FromSeconds(1), 0));
        shared.PipeInput(Key("ann"), annStraggler);

        Assert.Empty(alone.ReadDeadLetters());
        Assert.Equal(["late"], shared.ReadDeadLetters().Select(d => d.Reason));
    }

    private static byte[] WithId(string eventId, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes($"{{\"eventId\":\"{eventId}\",\"userId\":\"ann\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":{at.ToUnixTimeMilliseconds()},\"currentTime\":0}}");

    private static List<string> Describe(IEnumerable<CapturedRecord> records) =>
        records.Select(r => $"{r.Topic}|{r.KeyText}|{(r.Topic == TopicNames.Engagement ? Encoding.UTF8.GetString(r.Value!) : Convert.ToBase64String(r.Value!))}").Order(StringComparer.Ordinal).ToList();
}
