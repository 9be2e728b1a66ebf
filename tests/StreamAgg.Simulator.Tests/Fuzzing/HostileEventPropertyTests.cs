using FsCheck;
using FsCheck.Xunit;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Simulator.Fuzzing;
using StreamAgg.Testing.Scenarios;
using Xunit;

namespace StreamAgg.Simulator.Tests.Fuzzing;

/// <summary>
/// Issue 16, property-based: random bytes and mutated scenario events never make the parser or
/// the engine throw, and never reach the engine's safety net (<c>internal_error</c>). A modest
/// count here; <c>./streamagg bench fuzz --inputs 1000000</c> runs millions.
/// </summary>
public sealed class HostileEventPropertyTests
{
    private static readonly IReadOnlyList<byte[]> Seeds =
        [.. ScenarioFolder.All().Select(s => (string)s[0]).SelectMany(name => ScenarioFolder.Lines(name, "events.ndjson")), .. EventMutator.BuiltInSeeds];

    [Property(MaxTest = 300)]
    public bool Parse_AnyBytes_NeverThrowsAndValidEventsAreInRange(byte[] bytes)
    {
        DeadLetterReason reason = new PlayerEventParser().TryParse(bytes, out PlayerEvent evt);
        return reason != DeadLetterReason.None || IsInRange(evt);
    }

    [Property(MaxTest = 200)]
    public void Ingest_MutatedScenarioEvents_NoExceptionAndNoInternalError(int randomSeed)
    {
        var mutator = new EventMutator(Seeds, randomSeed);
        var output = new CheckingOutput();
        var engine = new EngagementEngine(EngagementOptions.Default, new NoVideos(), output);
        var ingest = new EventIngest(new PlayerEventParser(), engine, TimeSpan.FromHours(1));
        long recordTimestampMs = 1_795_168_800_000 + (long)(randomSeed & 0xFFFF) * 1000;
        for (int i = 0; i < 200; i++)
        {
            byte[] input = mutator.Next();
            ingest.Ingest(input, i % 2 == 0 ? recordTimestampMs : EventIngest.NoRecordTimestamp, out DeadLetterReason reason, out long eventMs);
            if (reason == DeadLetterReason.InternalError)
            {
                throw new InvalidOperationException($"internal_error on {Convert.ToBase64String(input)}", ingest.LastFailure);
            }

            engine.CloseIdleSessions(eventMs, finalizePending: true);
        }

        // The paths outside Apply too: the end of input and every row.
        engine.Flush();
        Assert.Equal(engine.KeyCount, engine.BuildAllRows().Count());
    }

    [Fact]
    public void EventMutator_SameSeed_SameInputs()
    {
        var a = new EventMutator(Seeds, 42);
        var b = new EventMutator(Seeds, 42);

        Assert.All(Enumerable.Range(0, 1000), _ => Assert.Equal(a.Next(), b.Next()));
    }

    private static bool IsInRange(in PlayerEvent evt) =>
        EventTimestamp.IsInRange(evt.TimestampMs)
        && evt.CurrentTime is >= 0 and <= PlayerEventLimits.MaxPositionSeconds
        && (evt.VideoDuration is null or (> 0 and <= PlayerEventLimits.MaxPositionSeconds))
        && (evt.PlaybackRate is null or (> 0 and <= PlayerEventLimits.MaxPlaybackRate))
        && (evt.FromTime is null or (>= 0 and <= PlayerEventLimits.MaxPositionSeconds));

    private sealed class NoVideos : IVideoCatalog
    {
        public bool TryGetVideo(string videoId, out string? title, out double? duration)
        {
            title = null;
            duration = null;
            return false;
        }
    }

    /// <summary>Demands of every credit what the heatmap demands (finite, from 0, a per-second index that fits an int).</summary>
    private sealed class CheckingOutput : IEngagementOutput
    {
        public void OnCredited(in EngagementKey key, in CreditedInterval interval)
        {
            if (!(interval.Start >= 0) || !double.IsFinite(interval.End) || interval.End > int.MaxValue || !(interval.End > interval.Start))
            {
                throw new InvalidOperationException($"credit [{interval.Start}, {interval.End}) out of the heatmap's range");
            }
        }

        public void OnRowChanged(in EngagementKey key)
        {
        }
    }
}
