using System.Text;
using Confluent.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Wire;

namespace StreamAgg.Observability.Tests.Support;

/// <summary>Publishes player-event lines as a fleet would: keyed by the userId when the line names one.</summary>
internal static class PlayerTraffic
{
    public static string Event(string user, string session, string name, string time, double position) =>
        $$"""{"timestamp": "2026-11-20T{{time}}Z", "userId": "{{user}}", "sessionId": "{{session}}", "videoId": "video_001", "eventName": "{{name}}", "currentTime": {{position}}}""";

    public static void Publish(KafkaClientSettings settings, params (string? User, string Line)[] events)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]>(settings.Producer("observability-tests")).Build();
        foreach (var (user, line) in events)
        {
            producer.Produce(TopicNames.PlayerEvents, new Message<byte[]?, byte[]>
            {
                Key = user is null ? null : Encoding.UTF8.GetBytes(user),
                Value = Encoding.UTF8.GetBytes(line),
            });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }
}
