using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Tests.Scenarios;
using StreamAgg.Core.Videos;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>An engine with a recording output and an editable catalog, for the engagement tests.</summary>
internal sealed class Harness
{
    public Harness(double? duration = 300, EngagementOptions? options = null)
    {
        if (duration is not null)
        {
            Catalog.Add(new VideoMetadata("video_001", "Intro to Streams", duration));
        }

        Engine = new EngagementEngine(options ?? EngagementOptions.Default, Catalog, Output);
    }

    public DictionaryVideoCatalog Catalog { get; } = new();

    public RecordingOutput Output { get; } = new();

    public EngagementEngine Engine { get; }

    public List<EventOutcome> Apply(params PlayerEvent[] events) => events.Select(e => Engine.Apply(e)).ToList();

    public EngagementRow Row(EngagementKey? key = null) => Engine.BuildRow(key ?? TestEvents.Key);

    /// <summary>Applies the events, flushes (end of input) and returns the row.</summary>
    public EngagementRow Run(params PlayerEvent[] events)
    {
        Apply(events);
        Engine.Flush();
        return Row();
    }

    public List<CreditedInterval> Credits => Output.Credits.Select(c => c.Interval).ToList();
}
