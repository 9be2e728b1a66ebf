using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StreamAgg.Simulator.Workload;

/// <summary>
/// The simulated videos, their metadata messages and their popularity (Zipf-like: the
/// first videos get most views, the tail still gets some).
/// </summary>
internal sealed class VideoCatalog
{
    private static readonly string[] Adjectives =
        ["Quick", "Ultimate", "Beginner's", "Advanced", "Hidden", "Daily", "Weekend", "Crêpe-Perfect", "Über", "Late-Night", "Honest", "Tiny"];

    private static readonly string[] Topics =
    [
        "Sourdough Guide", "Yoga Flow", "Street Food Tour", "Guitar Lesson", "Chess Openings", "Home Workout",
        "Café Stories", "東京 Walk", "Rust Tutorial", "Garden Makeover", "Bike Repair", "Jazz Piano", "Öko-Tipps",
        "Mountain Hike", "Budget Travel", "Podcast Clip",
    ];

    private static readonly string[] Suffixes = ["", "", "", " — Part 2", " — Part 3", " (4K)", " | Episode 12", " #shorts", " – Live"];

    private readonly double[] _cumulativeWeight;

    public VideoCatalog(Random random, int count, double metadataFraction)
    {
        var videos = new SimulatedVideo[count];
        _cumulativeWeight = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            string id = "v" + i.ToString("D5", CultureInfo.InvariantCulture);
            string title = random.Pick<string>(Adjectives) + " " + random.Pick<string>(Topics) + random.Pick<string>(Suffixes);
            bool hasMetadata = random.Chance(metadataFraction);
            // Without metadata, most players still report the duration; the rest leave it unknown.
            bool eventsCarryDuration = random.Chance(hasMetadata ? 0.5 : 0.7);
            videos[i] = new SimulatedVideo(id, title, DrawDuration(random), hasMetadata, eventsCarryDuration);
            total += 1.0 / (i + 1);
            _cumulativeWeight[i] = total;
        }

        Videos = videos;
    }

    public IReadOnlyList<SimulatedVideo> Videos { get; }

    public int Count => _cumulativeWeight.Length;

    /// <summary>A video index drawn by popularity.</summary>
    public int PickByPopularity(Random random)
    {
        double target = random.NextDouble() * _cumulativeWeight[^1];
        int index = Array.BinarySearch(_cumulativeWeight, target);
        return Math.Min(index >= 0 ? index : ~index, _cumulativeWeight.Length - 1);
    }

    /// <summary>A video other than <paramref name="current"/> when there is one.</summary>
    public int PickOther(Random random, int current)
    {
        for (int attempt = 0; attempt < 4; attempt++)
        {
            int index = PickByPopularity(random);
            if (index != current)
                return index;
        }

        return Count == 1 ? current : (current + 1 + random.Next(Count - 1)) % Count;
    }

    public List<VideoMetadataMessage> MetadataMessages()
    {
        var messages = new List<VideoMetadataMessage>();
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var video in Videos)
        {
            if (!video.HasMetadata)
                continue;
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream, options))
            {
                json.WriteStartObject();
                json.WriteString("videoId", video.VideoId);
                json.WriteString("title", video.Title);
                json.WriteNumber("duration", video.DurationSeconds);
                json.WriteEndObject();
            }

            messages.Add(new VideoMetadataMessage(video.VideoId, stream.ToArray()));
        }

        return messages;
    }

    /// <summary>From 15-second clips to 40-minute videos; some have whole-second durations, most not.</summary>
    private static double DrawDuration(Random random)
    {
        double kind = random.NextDouble();
        double seconds = kind switch
        {
            < 0.30 => random.Uniform(15, 90),
            < 0.70 => random.Uniform(120, 600),
            < 0.90 => random.Uniform(600, 1200),
            _ => random.Uniform(1200, 2400),
        };
        return random.Chance(0.3) ? Math.Round(seconds) : Utf8Text.RoundToMilliseconds(seconds);
    }
}
