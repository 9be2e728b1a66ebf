using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamAgg.Core.Engagement;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Wire;

namespace StreamAgg.Integration.Tests.Processor;

/// <summary>
/// Plays a scenario's files into Kafka as a player fleet would (events keyed by userId, video
/// metadata keyed by videoId) and reads back what the processor committed.
/// </summary>
internal static class ScenarioPipeline
{
    public static void Publish(KafkaClientSettings settings, IEnumerable<byte[]> videos, IEnumerable<byte[]> events, string eventKeyField = "userId")
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]>(settings.Producer("scenario-publisher")).Build();
        foreach (var video in videos)
        {
            producer.Produce(TopicNames.VideoMetadata, new Message<byte[]?, byte[]> { Key = StringField(video, "videoId"), Value = video });
        }

        foreach (var evt in events)
        {
            // Lines that are not JSON objects, or have no userId, go unkeyed: a real fleet's
            // broken clients do the same, and the processor must dead-letter them wherever they land.
            producer.Produce(TopicNames.PlayerEvents, new Message<byte[]?, byte[]> { Key = StringField(evt, eventKeyField), Value = evt });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>A read_committed consumer of one output topic from its beginning.</summary>
    public static IConsumer<byte[]?, byte[]?> CommittedReader(KafkaClientSettings settings, string topic)
    {
        var consumer = new ConsumerBuilder<byte[]?, byte[]?>(settings.Consumer($"reader-{Guid.NewGuid():N}", readCommitted: true)).Build();
        consumer.Subscribe(topic);
        return consumer;
    }

    /// <summary>Keeps the newest row per key (highest version), as a dashboard would.</summary>
    public static void ReadRows(IConsumer<byte[]?, byte[]?> consumer, Dictionary<EngagementKey, EngagementRow> latest)
    {
        while (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
        {
            var row = EngagementRowJson.Read(result.Message.Value);
            var key = new EngagementKey(row.UserId, row.VideoId);
            if (!latest.TryGetValue(key, out var known) || known.Version < row.Version)
            {
                latest[key] = row;
            }
        }
    }

    /// <summary>
    /// Dead letters as (reason, raw) pairs, and the reason header of each (docs/topics.md: the
    /// value is the raw input, the reason travels in the header).
    /// </summary>
    public static void ReadDeadLetters(IConsumer<byte[]?, byte[]?> consumer, List<(string Reason, string Raw, string Header)> deadLetters)
    {
        while (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
        {
            var header = result.Message.Headers.TryGetLastBytes(MessageHeaders.DeadLetterReason, out var bytes) ? Encoding.UTF8.GetString(bytes) : "";
            deadLetters.Add((header, Encoding.UTF8.GetString(result.Message.Value ?? []), header));
        }
    }

    /// <summary>Merges heatmap deltas as the sink does: union of sketches, sum of plays, per (video, day, second).</summary>
    public static void ReadHeatmap(IConsumer<byte[]?, byte[]?> consumer, Dictionary<(string Video, DateOnly Day, int Second), (HllSketch Viewers, long Plays)> cells)
    {
        while (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
        {
            var delta = HeatmapDeltaCodec.Read(result.Message.Value);
            foreach (var second in delta.Seconds)
            {
                var key = (delta.VideoId, delta.Day, second.Second);
                if (cells.TryGetValue(key, out var cell))
                {
                    cell.Viewers.UnionWith(second.Viewers);
                    cells[key] = (cell.Viewers, cell.Plays + second.Plays);
                }
                else
                {
                    cells[key] = (second.Viewers.Clone(), second.Plays);
                }
            }
        }
    }

    /// <summary>Merged cells as the lines of a heatmap CSV (no header), as SEMANTICS.md §8 writes them.</summary>
    public static List<string> HeatmapLines(Dictionary<(string Video, DateOnly Day, int Second), (HllSketch Viewers, long Plays)> cells) =>
        cells.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{c.Key.Video},{c.Key.Day:yyyy-MM-dd},{c.Key.Second},{(long)Math.Round(c.Value.Viewers.Cardinality(), MidpointRounding.AwayFromZero)},{c.Value.Plays}"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static byte[]? StringField(byte[] json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String
                ? Encoding.UTF8.GetBytes(value.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
