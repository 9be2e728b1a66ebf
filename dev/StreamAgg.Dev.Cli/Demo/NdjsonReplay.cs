using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamAgg.Cli;
using StreamAgg.Cli.Commands;
using StreamAgg.Kafka.Clients;
using StreamAgg.Wire;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>
/// Publishes NDJSON files as a player fleet would: events to <c>player-events</c> keyed by userId,
/// video metadata to <c>video-metadata</c> keyed by videoId. A line that is not JSON, or has no
/// userId, goes unkeyed: the processor dead-letters it wherever it lands.
/// </summary>
internal static class NdjsonReplay
{
    public static long Publish(KafkaClientSettings settings, string? videosFile, string eventsFile, Action<long>? progress)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]>(settings.Producer("streamagg-demo-replay")).Build();
        string? error = null;
        void OnDelivered(DeliveryReport<byte[]?, byte[]> report) => error ??= report.Error.IsError ? report.Error.Reason : null;
        if (videosFile is not null)
        {
            foreach (var line in Lines(videosFile))
            {
                producer.Produce(TopicNames.VideoMetadata, new Message<byte[]?, byte[]> { Key = StringField(line, "videoId"), Value = line }, OnDelivered);
            }
        }

        long count = 0;
        foreach (var line in Lines(eventsFile))
        {
            producer.Produce(TopicNames.PlayerEvents, new Message<byte[]?, byte[]> { Key = StringField(line, "userId"), Value = line }, OnDelivered);
            if (++count % 10_000 == 0)
            {
                progress?.Invoke(count);
            }
        }

        producer.Flush(TimeSpan.FromSeconds(60));
        if (error is not null)
        {
            throw new IOException($"Publishing {eventsFile} failed: {error}");
        }

        progress?.Invoke(count);
        return count;
    }

    private static IEnumerable<byte[]> Lines(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return Encoding.UTF8.GetBytes(line);
            }
        }
    }

    private static byte[]? StringField(byte[] json, string name)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match && reader.TokenType == JsonTokenType.String)
                {
                    return Encoding.UTF8.GetBytes(reader.GetString()!);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
