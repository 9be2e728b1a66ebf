using Confluent.Kafka;
using StreamAgg.Kafka.Clients;

namespace StreamAgg.Sink.Consuming;

/// <summary>The Kafka consumer settings of every sink.</summary>
internal static class SinkConsumerConfig
{
    /// <summary>read_committed, no auto-commit: the offsets that count are stored with the data.</summary>
    public static ConsumerConfig Create(KafkaClientSettings kafka, SinkConsumerOptions options)
    {
        var config = kafka.Consumer(options.GroupId, clientId: $"{options.GroupId}-{options.ConsumerName}", readCommitted: true, autoCommit: false);
        // Reaching a partition's end once tells readiness that an idle partition is caught up.
        config.EnablePartitionEof = true;
        config.SessionTimeoutMs = (int)options.SessionTimeout.TotalMilliseconds;
        // librdkafka's 3 s default would leave a short session no room for a missed heartbeat.
        config.HeartbeatIntervalMs = Math.Max(100, config.SessionTimeoutMs.Value / 5);
        return config;
    }
}
