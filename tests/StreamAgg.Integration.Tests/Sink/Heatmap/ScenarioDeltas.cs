using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Videos;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Testing.Scenarios;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>
/// The heatmap deltas of a worked scenario as the processor would emit them: the pure engagement
/// core credits a deltas-only accumulator, drained every few events (one "commit interval") and
/// once more after every session is closed, so cells arrive in several deltas.
/// </summary>
internal sealed class ScenarioDeltas : IEngagementOutput
{
    private const int EventsPerInterval = 7;
    private readonly HeatmapAccumulator _accumulator = new(HllSettings.Default, saltSecret: null, HeatmapTracking.Deltas);

    public static List<HeatmapDelta> Of(string scenario)
    {
        var catalog = new VideoCatalog();
        foreach (var line in ScenarioFolder.Lines(scenario, "videos.ndjson"))
        {
            if (VideoMetadataParser.TryParse(line, out var video) == VideoMetadataError.None && video is not null)
                catalog.Upsert(video);
        }

        var output = new ScenarioDeltas();
        var engine = new EngagementEngine(EngagementOptions.Default, catalog, output);
        var parser = new PlayerEventParser();
        var deltas = new List<HeatmapDelta>();
        var applied = 0;
        foreach (var line in ScenarioFolder.Lines(scenario, "events.ndjson"))
        {
            if (parser.TryParse(line, out var evt) == DeadLetterReason.None && engine.Apply(evt) == EventOutcome.Applied && ++applied % EventsPerInterval == 0)
                deltas.AddRange(output._accumulator.DrainDeltas());
        }
        engine.Flush();
        deltas.AddRange(output._accumulator.DrainDeltas());
        return deltas;
    }

    void IEngagementOutput.OnCredited(in EngagementKey key, in CreditedInterval interval)
    {
        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(interval.CreditedFromMs).UtcDateTime);
        _accumulator.Credit(key.VideoId, day, key.UserId, interval.Start, interval.End);
    }

    void IEngagementOutput.OnRowChanged(in EngagementKey key)
    {
    }
}
