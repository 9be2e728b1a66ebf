using StreamAgg.Testing.Scenarios;
using System.Text;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Videos;

namespace StreamAgg.Core.Tests.Scenarios;

/// <summary>
/// Runs a scenario through the real parser and the engagement core, as the batch command does:
/// parse each line (failures are dead letters), apply, flush at end of input.
/// </summary>
internal sealed class ScenarioRun
{
    private ScenarioRun(List<EngagementRow> rows, List<(string Reason, string Raw)> deadLetters, RecordingOutput output)
    {
        Rows = rows;
        DeadLetters = deadLetters;
        Output = output;
    }

    public List<EngagementRow> Rows { get; }

    public List<(string Reason, string Raw)> DeadLetters { get; }

    public RecordingOutput Output { get; }

    public static DictionaryVideoCatalog LoadCatalog(string name)
    {
        var catalog = new DictionaryVideoCatalog();
        foreach (byte[] line in ScenarioFolder.Lines(name, "videos.ndjson"))
        {
            if (VideoMetadataParser.TryParse(line, out VideoMetadata? video) == VideoMetadataError.None && video is not null)
            {
                catalog.Add(video);
            }
        }

        return catalog;
    }

    /// <summary>Parses the events file: valid events in arrival order (with their raw line) plus parse dead letters.</summary>
    public static (List<(PlayerEvent Event, string Raw)> Events, List<(string Reason, string Raw)> DeadLetters) Parse(string name)
    {
        var parser = new PlayerEventParser();
        var events = new List<(PlayerEvent, string)>();
        var deadLetters = new List<(string, string)>();
        foreach (byte[] line in ScenarioFolder.Lines(name, "events.ndjson"))
        {
            DeadLetterReason reason = parser.TryParse(line, out PlayerEvent evt);
            string raw = Encoding.UTF8.GetString(line);
            if (reason == DeadLetterReason.None)
            {
                events.Add((evt, raw));
            }
            else
            {
                deadLetters.Add((reason.ToWireName(), raw));
            }
        }

        return (events, deadLetters);
    }

    public static ScenarioRun Execute(string name, IEnumerable<(PlayerEvent Event, string Raw)>? reordered = null, EngagementOptions? options = null)
    {
        (List<(PlayerEvent Event, string Raw)> events, List<(string Reason, string Raw)> deadLetters) = Parse(name);
        var output = new RecordingOutput();
        var engine = new EngagementEngine(options ?? EngagementOptions.Default, LoadCatalog(name), output);
        foreach ((PlayerEvent evt, string raw) in reordered ?? events)
        {
            if (engine.Apply(evt) == EventOutcome.Late)
            {
                deadLetters.Add((DeadLetterReason.Late.ToWireName(), raw));
            }
        }

        engine.Flush();
        return new ScenarioRun(engine.BuildAllRows().ToList(), deadLetters, output);
    }
}
