using System.Buffers;
using System.Text;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>
/// The parse → apply → dead-letter step: the internal_error safety net leaves the key's state
/// exactly as before the event, and the clock-skew rule of SEMANTICS.md §1.
/// </summary>
public sealed class EventIngestTests
{
    private const long T0 = TestEvents.OriginMs;

    private static byte[] Line(string user, string video, string name, long ms, double position) =>
        Encoding.UTF8.GetBytes($"{{\"userId\":\"{user}\",\"videoId\":\"{video}\",\"eventName\":\"{name}\",\"timestamp\":{ms},\"currentTime\":{position}}}");

    /// <summary>ann watches v1 and bob v2, a heartbeat every 30 s (so each event finalizes an older one).</summary>
    private static List<byte[]> Viewing(int from, int to) =>
        Enumerable.Range(from, to - from).SelectMany(i => new[]
        {
            Line("ann", "v1", i == 0 ? "video_play" : "video_heartbeat", T0 + (i * 30_000L), i * 30),
            Line("bob", "v2", i == 0 ? "video_play" : "video_heartbeat", T0 + (i * 30_000L) + 1, i * 30),
        }).ToList();

    private static byte[] StateBytes(EngagementEngine engine, EngagementKey key)
    {
        Assert.True(engine.TryGetState(key, out EngagementKeyState? state));
        var buffer = new ArrayBufferWriter<byte>();
        state.Serialize(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Ingest_CatalogThrowsWhileFinalizing_InternalErrorAndKeyStateAsBefore()
    {
        var catalog = new FailingVideoCatalog();
        var output = new FailingOutput();
        var ingest = new EventIngest(new PlayerEventParser(), new EngagementEngine(EngagementOptions.Default, catalog, output));
        var reference = new EngagementEngine(EngagementOptions.Default, new FailingVideoCatalog(), new FailingOutput());
        var referenceIngest = new EventIngest(new PlayerEventParser(), reference);
        foreach (byte[] line in Viewing(0, 10))
        {
            Assert.Equal(IngestOutcome.Applied, ingest.Ingest(line, EventIngest.NoRecordTimestamp, out _, out _));
            Assert.Equal(IngestOutcome.Applied, referenceIngest.Ingest(line, EventIngest.NoRecordTimestamp, out _, out _));
        }

        var ann = new EngagementKey("ann", "v1");
        byte[] before = StateBytes(ingest.Engine, ann);
        int credits = output.Recorded.Credits.Count;
        int rowChanges = output.Recorded.RowChanges;

        catalog.FailingVideoId = "v1";
        IngestOutcome outcome = ingest.Ingest(Line("ann", "v1", "video_heartbeat", T0 + 300_000, 300), EventIngest.NoRecordTimestamp, out DeadLetterReason reason, out _);
        catalog.FailingVideoId = null;

        Assert.Equal((IngestOutcome.DeadLetter, DeadLetterReason.InternalError), (outcome, reason));
        Assert.IsType<InvalidOperationException>(ingest.LastFailure);
        Assert.Equal(before, StateBytes(ingest.Engine, ann));
        Assert.Equal(credits, output.Recorded.Credits.Count);
        Assert.Equal(rowChanges, output.Recorded.RowChanges);

        // The same event again is not a duplicate (its identity was undone too), and from here
        // on both engines see the same input: same rows, same credits.
        foreach (byte[] line in Viewing(10, 20))
        {
            ingest.Ingest(line, EventIngest.NoRecordTimestamp, out _, out _);
            referenceIngest.Ingest(line, EventIngest.NoRecordTimestamp, out _, out _);
        }

        ingest.Engine.Flush();
        reference.Flush();
        Assert.Equal(reference.BuildAllRows().OrderBy(r => r.UserId), ingest.Engine.BuildAllRows().OrderBy(r => r.UserId));
    }

    [Fact]
    public void Ingest_OutputThrowsOnCredit_InternalErrorStateAndOutputAsBefore()
    {
        var output = new FailingOutput();
        var ingest = new EventIngest(new PlayerEventParser(), new EngagementEngine(EngagementOptions.Default, new FailingVideoCatalog(), output));
        var referenceOutput = new FailingOutput();
        var reference = new EventIngest(new PlayerEventParser(), new EngagementEngine(EngagementOptions.Default, new FailingVideoCatalog(), referenceOutput));
        foreach (byte[] line in Viewing(0, 10))
        {
            ingest.Ingest(line, EventIngest.NoRecordTimestamp, out _, out _);
            reference.Ingest(line, EventIngest.NoRecordTimestamp, out _, out _);
        }

        var bob = new EngagementKey("bob", "v2");
        byte[] before = StateBytes(ingest.Engine, bob);
        output.Failing = bob;
        Assert.Equal(IngestOutcome.DeadLetter, ingest.Ingest(Line("bob", "v2", "video_heartbeat", T0 + 300_001, 300), EventIngest.NoRecordTimestamp, out DeadLetterReason reason, out _));
        output.Failing = null;

        Assert.Equal(DeadLetterReason.InternalError, reason);
        Assert.IsType<ArgumentOutOfRangeException>(ingest.LastFailure);
        Assert.Equal(before, StateBytes(ingest.Engine, bob));
        Assert.Equal(referenceOutput.Recorded.Credits, output.Recorded.Credits);
    }

    [Fact]
    public void Ingest_FirstEventOfKeyFails_KeyNotCreated()
    {
        var output = new FailingOutput { Failing = new EngagementKey("cat", "v3") };
        var ingest = new EventIngest(new PlayerEventParser(), new EngagementEngine(EngagementOptions.Default, new FailingVideoCatalog(), output));

        Assert.Equal(IngestOutcome.DeadLetter, ingest.Ingest(Line("cat", "v3", "video_play", T0, 0), EventIngest.NoRecordTimestamp, out DeadLetterReason reason, out _));

        Assert.Equal(DeadLetterReason.InternalError, reason);
        Assert.Equal(0, ingest.Engine.KeyCount);
        Assert.Equal(0, output.SessionsOpened);
        output.Failing = null;
        Assert.Equal(IngestOutcome.Applied, ingest.Ingest(Line("cat", "v3", "video_play", T0, 0), EventIngest.NoRecordTimestamp, out _, out _));
        Assert.Equal(1, output.SessionsOpened);
    }

    [Theory]
    [InlineData(3_600_000, IngestOutcome.Applied)]
    [InlineData(3_600_001, IngestOutcome.DeadLetter)]
    [InlineData(-86_400_000, IngestOutcome.Applied)]
    public void Ingest_EventAheadOfItsRecord_BadTimestampBeyondTheSkew(long aheadMs, IngestOutcome expected)
    {
        var ingest = new EventIngest(new PlayerEventParser(), new EngagementEngine(EngagementOptions.Default, new FailingVideoCatalog(), new FailingOutput()), TimeSpan.FromHours(1));

        IngestOutcome outcome = ingest.Ingest(Line("ann", "v1", "video_play", T0 + aheadMs, 0), T0, out DeadLetterReason reason, out _);

        Assert.Equal(expected, outcome);
        Assert.Equal(expected == IngestOutcome.Applied ? DeadLetterReason.None : DeadLetterReason.BadTimestamp, reason);
    }

    [Fact]
    public void Ingest_NoRecordTimestamp_OnlyTheCalendarRange()
    {
        var ingest = new EventIngest(new PlayerEventParser(), new EngagementEngine(EngagementOptions.Default, new FailingVideoCatalog(), new FailingOutput()), TimeSpan.Zero);

        Assert.Equal(IngestOutcome.Applied, ingest.Ingest(Line("ann", "v1", "video_play", EventTimestamp.MaxEpochMilliseconds, 0), EventIngest.NoRecordTimestamp, out _, out _));
        Assert.Equal(IngestOutcome.DeadLetter, ingest.Ingest(Line("ann", "v1", "video_play", EventTimestamp.MaxEpochMilliseconds + 1, 0), EventIngest.NoRecordTimestamp, out DeadLetterReason reason, out _));
        Assert.Equal(DeadLetterReason.BadTimestamp, reason);
    }

    [Fact]
    public void Ingest_PlayAtHugePositionThenHeartbeat_BadPositionNotACrash()
    {
        var ingest = new EventIngest(new PlayerEventParser(), new EngagementEngine(EngagementOptions.Default, new FailingVideoCatalog(), new FailingOutput()));

        Assert.Equal(IngestOutcome.DeadLetter, ingest.Ingest(Line("ann", "v1", "video_play", T0, 2147483640), EventIngest.NoRecordTimestamp, out DeadLetterReason first, out _));
        Assert.Equal(IngestOutcome.DeadLetter, ingest.Ingest(Line("ann", "v1", "video_heartbeat", T0 + 10_000, 2147483650), EventIngest.NoRecordTimestamp, out DeadLetterReason second, out _));

        Assert.Equal((DeadLetterReason.BadPosition, DeadLetterReason.BadPosition), (first, second));
        Assert.Equal(0, ingest.Engine.KeyCount);
    }
}
