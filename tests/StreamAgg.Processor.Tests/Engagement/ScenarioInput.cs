using System.Globalization;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Videos;
using StreamAgg.Heatmap;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Testing.Scenarios;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>A worked scenario's files as the driver consumes them, and its expected outputs.</summary>
internal static class ScenarioInput
{
    public static IEnumerable<object[]> All() => ScenarioFolder.All();

    public static VideoCatalog Catalog(string name)
    {
        var catalog = new VideoCatalog();
        foreach (byte[] line in ScenarioFolder.Lines(name, "videos.ndjson"))
        {
            if (VideoMetadataParser.TryParse(line, out VideoMetadata? video) == VideoMetadataError.None && video is not null)
            {
                catalog.Upsert(video);
            }
        }

        return catalog;
    }

    /// <summary>A driver over one engagement task with the scenario's video metadata.</summary>
    public static ProcessorTestDriver Driver(string name) => ProcessorTestDriver.ForEngagement(videos: Catalog(name));

    /// <summary>The raw event messages, in file order.</summary>
    public static List<byte[]> Events(string name) => ScenarioFolder.Lines(name, "events.ndjson").ToList();

    public static List<EngagementRow> ExpectedRows(string name) =>
        ScenarioFolder.Lines(name, "expected-engagement.ndjson").Select(l => EngagementRowJson.Read(l)).ToList();

    public static List<HeatmapRow> ExpectedHeatmap(string name) =>
        File.ReadLines(ScenarioFolder.PathOf(name, "expected-heatmap.csv"))
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .Select(p => new HeatmapRow(
                p[0],
                DateOnly.ParseExact(p[1], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                int.Parse(p[2], CultureInfo.InvariantCulture),
                long.Parse(p[3], CultureInfo.InvariantCulture),
                long.Parse(p[4], CultureInfo.InvariantCulture)))
            .OrderBy(r => r.VideoId, StringComparer.Ordinal).ThenBy(r => r.Day).ThenBy(r => r.Second)
            .ToList();

    /// <summary>Pipes every event with no key (the task reads the key from the value).</summary>
    public static void PipeAll(ProcessorTestDriver driver, IEnumerable<byte[]> events)
    {
        foreach (byte[] value in events)
        {
            driver.PipeInput(null, value);
        }
    }
}
