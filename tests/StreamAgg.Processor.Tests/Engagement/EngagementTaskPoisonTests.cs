using StreamAgg.Core.Engagement;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Testing.Scenarios;
using static StreamAgg.Processor.Tests.Engagement.EventJson;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>
/// Issue 16: nothing a client sends stops, stalls or skews the task. Each poison record is one
/// dead letter with its reason and the exact bytes received, and the other viewers on the same
/// partition get exactly the rows they get without it.
/// </summary>
public sealed class EngagementTaskPoisonTests
{
    // Records are stamped with the wall clock, set just after the viewing below.
    private static readonly DateTimeOffset Start = T0.AddMinutes(1);

    private static List<byte[]> Viewing(string user) =>
        Enumerable.Range(0, 6).Select(i => Event(user, "v1", i == 0 ? "video_play" : "video_heartbeat", T0.AddSeconds(10 * i), 10 * i)).ToList();

    /// <summary>The rows after piping ann's and bob's viewing with <paramref name="poison"/> in the middle.</summary>
    private static (IReadOnlyDictionary<EngagementKey, EngagementRow> Rows, IReadOnlyList<CapturedDeadLetter> DeadLetters) Run(
        IReadOnlyList<byte[]> poison, IVideoCatalog? videos = null, Action<bool>? failing = null)
    {
        using var driver = ProcessorTestDriver.ForEngagement(videos: videos, start: Start);
        List<byte[]> ann = Viewing("ann"), bob = Viewing("bob");
        for (int i = 0; i < ann.Count; i++)
        {
            driver.PipeInput(Key("ann"), ann[i]);
            if (i == 3)
            {
                failing?.Invoke(true);
                foreach (byte[] value in poison)
                {
                    driver.PipeInput(Key("mallory"), value);
                }

                failing?.Invoke(false);
            }

            driver.PipeInput(Key("bob"), bob[i]);
        }

        driver.Commit();
        return (driver.ReadLatestEngagementRows(), driver.ReadDeadLetters());
    }

    [Fact]
    public void Process_PoisonOfIssue16_DeadLettersWithReasonAndExactBytesOthersUntouched()
    {
        (string Reason, byte[] Value)[] poison =
        [
            // The crash of issue 16: a play at 2147483640 s, then a heartbeat 10 s later.
            ("bad_position", Event("mallory", "v1", "video_play", T0.AddSeconds(30), 2147483640)),
            ("bad_position", Event("mallory", "v1", "video_heartbeat", T0.AddSeconds(40), 2147483650)),
            // A clock in the year 9999, and one a day ahead of its record: neither moves stream time.
            ("bad_timestamp", "{\"userId\":\"mallory\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":\"9999-12-31T23:59:59Z\",\"currentTime\":0}"u8.ToArray()),
            ("bad_timestamp", Event("mallory", "v1", "video_play", Start.AddDays(1), 0)),
            ("bad_timestamp", "{\"userId\":\"mallory\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":\"0001-01-01T00:00:00Z\",\"currentTime\":0}"u8.ToArray()),
            ("invalid_json", [.. "{\"userId\":\"mal"u8, 0xFF, 0xFE, .. "lory\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":1795168800000,\"currentTime\":0}"u8]),
            ("invalid_json", [.. "{\"userId\":\"mallory\",\"x\":"u8, .. Enumerable.Repeat((byte)'[', 64), .. Enumerable.Repeat((byte)']', 64), (byte)'}']),
        ];

        var clean = Run([]);
        var poisoned = Run(poison.Select(p => p.Value).ToList());

        Assert.Empty(clean.DeadLetters);
        Assert.Equal(poison.Select(p => p.Reason), poisoned.DeadLetters.Select(d => d.Reason));
        Assert.Equal(poison.Select(p => p.Value), poisoned.DeadLetters.Select(d => d.RawBytes));
        AssertSameRows(clean.Rows, poisoned.Rows);
        Assert.All(poisoned.Rows.Values, row => Assert.True(row.ActiveSession));
    }

    [Fact]
    public void Process_ApplicationThrows_InternalErrorWithTypeHeaderAndStateUnchanged()
    {
        var catalog = new SwitchableCatalog();
        // mallory's heartbeat 2 minutes on finalizes her play, which asks the catalog: it throws.
        byte[][] poison = [Event("mallory", "v1", "video_play", T0, 0), Event("mallory", "v1", "video_heartbeat", T0.AddSeconds(120), 120)];

        var clean = Run([poison[0]], catalog);
        var poisoned = Run(poison, catalog, on => catalog.Failing = on);

        CapturedDeadLetter deadLetter = Assert.Single(poisoned.DeadLetters);
        Assert.Equal(("internal_error", "System.InvalidOperationException"), (deadLetter.Reason, deadLetter.ErrorHeader));
        Assert.Equal(poison[1], deadLetter.RawBytes);
        AssertSameRows(clean.Rows, poisoned.Rows);
    }

    private static void AssertSameRows(IReadOnlyDictionary<EngagementKey, EngagementRow> expected, IReadOnlyDictionary<EngagementKey, EngagementRow> actual) =>
        Assert.Equal("", RowComparison.Report(expected.Values.ToList(), actual.Values.ToList()));

    /// <summary>A metadata source with a defect while <see cref="Failing"/> is set (only for look-ups that finalize mallory's events).</summary>
    private sealed class SwitchableCatalog : IVideoCatalog
    {
        public bool Failing { get; set; }

        public bool TryGetVideo(string videoId, out string? title, out double? duration)
        {
            if (Failing)
            {
                throw new InvalidOperationException("metadata unreadable");
            }

            title = null;
            duration = null;
            return false;
        }
    }
}
