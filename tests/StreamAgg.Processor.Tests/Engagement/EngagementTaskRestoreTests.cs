using System.Text;
using StreamAgg.Core.Engagement;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Wire;
using static StreamAgg.Processor.Tests.Engagement.EventJson;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>
/// A task restored from another's changelog carries on exactly as the original would: the same
/// rows (versions included), the same heatmap deltas, the same changelog and dead letters.
/// </summary>
public sealed class EngagementTaskRestoreTests
{
    private const string Scenario = "11-mixed-traffic";

    private static readonly TimeSpan PastEveryTimeout =
        EngagementOptions.Default.SessionTimeout + EngagementOptions.Default.AllowedLateness + TimeSpan.FromMinutes(1);

    [Fact]
    public void RestoreFrom_HalfOfScenarioCommitted_RestOfScenarioGivesIdenticalOutput()
    {
        List<byte[]> events = ScenarioInput.Events(Scenario);
        int half = events.Count / 2;
        using ProcessorTestDriver original = ScenarioInput.Driver(Scenario);
        ScenarioInput.PipeAll(original, events.Take(half));
        original.Commit();

        using ProcessorTestDriver restored = ScenarioInput.Driver(Scenario);
        Assert.Equal(original.ChangelogRecords.Count, restored.RestoreFrom(original.ChangelogRecords));
        restored.NextInputOffset = original.NextInputOffset;

        ScenarioInput.PipeAll(original, events.Skip(half));
        ScenarioInput.PipeAll(restored, events.Skip(half));
        IReadOnlyList<CapturedRecord> second = original.Commit();
        Assert.Contains(second, r => r.Topic == TopicNames.HeatmapDeltas);
        AssertSameOutput(second, restored.Commit());

        // Closing every session finalizes what was pending on both sides alike.
        original.AdvanceWallClock(PastEveryTimeout);
        restored.AdvanceWallClock(PastEveryTimeout);
        AssertSameOutput(original.Commit(), restored.Commit());
        Assert.NotEmpty(restored.OutputOf(TopicNames.DeadLetters));
        AssertSameRecords(
            original.OutputOf(TopicNames.DeadLetters).Where(r => r.Commit == 1),
            restored.OutputOf(TopicNames.DeadLetters));
    }

    [Fact]
    public void RestoreFrom_WholeScenarioCommitted_SameRowsWhenSessionsCloseAndOnNewEvents()
    {
        using ProcessorTestDriver original = ScenarioInput.Driver(Scenario);
        ScenarioInput.PipeAll(original, ScenarioInput.Events(Scenario));
        original.Commit();

        using ProcessorTestDriver restored = ScenarioInput.Driver(Scenario);
        restored.RestoreFrom(original.ChangelogRecords);
        Assert.Empty(restored.Commit());

        original.AdvanceWallClock(PastEveryTimeout);
        restored.AdvanceWallClock(PastEveryTimeout);
        IReadOnlyList<CapturedRecord> closed = original.Commit();
        Assert.Contains(closed, r => r.Topic == TopicNames.Engagement);
        AssertSameOutput(closed, restored.Commit());

        // Every key's latest row, rebuilt from the restored state, is the original's.
        EngagementRow last = original.ReadEngagementRows()[^1];
        DateTimeOffset after = DateTimeOffset.FromUnixTimeMilliseconds(last.LastEventAtMs).AddHours(1);
        byte[] play = Event(last.UserId, last.VideoId, "video_play", after, 0);
        original.PipeInput(Key(last.UserId), play);
        restored.PipeInput(Key(last.UserId), play);
        AssertSameOutput(original.Commit(), restored.Commit());
    }

    [Fact]
    public void RestoreFrom_ChangelogOfAnotherPartition_IsIgnored()
    {
        using var partition0 = ProcessorTestDriver.ForEngagement();
        partition0.PipeInput(Key("ann"), Event("ann", "v1", "video_play", T0, 0));
        partition0.Commit();

        using var partition1 = ProcessorTestDriver.ForEngagement(partition: 1);

        Assert.Equal(0, partition1.RestoreFrom(partition0.ChangelogRecords));
    }

    [Fact]
    public void RestoreFrom_TombstoneAfterTheState_ForgetsTheKey()
    {
        using var original = ProcessorTestDriver.ForEngagement();
        original.PipeInput(Key("ann"), Event("ann", "v1", "video_play", T0, 0));
        original.Commit();
        CapturedRecord state = Assert.Single(original.ChangelogRecords);

        using var restored = ProcessorTestDriver.ForEngagement();
        restored.RestoreFrom([state, state with { Value = null }]);
        restored.PipeInput(Key("ann"), Event("ann", "v1", "video_play", T0.AddMinutes(1), 0));
        restored.Commit();

        Assert.Equal(1, restored.ReadEngagementRows()[^1].EventsApplied);
    }

    private static void AssertSameOutput(IReadOnlyList<CapturedRecord> expected, IReadOnlyList<CapturedRecord> actual)
    {
        Assert.NotEmpty(expected);
        foreach (string topic in new[] { TopicNames.Engagement, TopicNames.EngagementStateChangelog, TopicNames.HeatmapDeltas })
        {
            AssertSameRecords(expected.Where(r => r.Topic == topic), actual.Where(r => r.Topic == topic));
        }

        Assert.Equal(expected.Count, actual.Count);
    }

    /// <summary>Same records, byte for byte, in any order (a commit's order over keys is the task's business).</summary>
    private static void AssertSameRecords(IEnumerable<CapturedRecord> expected, IEnumerable<CapturedRecord> actual)
    {
        static List<string> Describe(IEnumerable<CapturedRecord> records) => records
            .Select(r => $"{r.Topic}|{r.Partition}|{r.KeyText}|{Text(r.Value)}|{string.Join(",", r.Headers.Select(h => $"{h.Key}={Text(h.Value)}"))}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(Describe(expected), Describe(actual));
    }

    // Rows read as text in a failure message; binary values (state, deltas) as base64.
    private static string Text(byte[]? bytes) =>
        bytes is null ? "null" : System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Convert.ToBase64String(bytes);
}
