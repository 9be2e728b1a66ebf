using Confluent.Kafka;
using StreamAgg.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Dev.Kafka;

namespace StreamAgg.Cli.Bench;

/// <summary>The cluster of a bench run: a fresh embedded one, or the one at --bootstrap (whose topics should be empty).</summary>
internal static class BenchKafka
{
    public static async Task<KafkaTarget> StartAsync(string? bootstrap, CancellationToken cancellation) =>
        bootstrap is null
            ? KafkaTarget.StartEmbedded(TopicCatalog.Load())
            : await KafkaTarget.ConnectAsync(bootstrap, TopicCatalog.Load(), cancellation);

    /// <summary>The end offset of every partition of <paramref name="topic"/>.</summary>
    public static Dictionary<TopicPartition, long> EndOffsets(KafkaTarget kafka, string topic) => Watermarks(kafka, topic, end: true);

    /// <summary>
    /// The first offset still held by every partition of <paramref name="topic"/>: above 0 when
    /// the cluster dropped the oldest records (the embedded one keeps 5 MiB per partition).
    /// </summary>
    public static Dictionary<TopicPartition, long> StartOffsets(KafkaTarget kafka, string topic) => Watermarks(kafka, topic, end: false);

    private static Dictionary<TopicPartition, long> Watermarks(KafkaTarget kafka, string topic, bool end)
    {
        var config = kafka.Settings.Consumer("streamagg-bench-offsets", "streamagg-bench-offsets");
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
        var ends = new Dictionary<TopicPartition, long>();
        foreach (var partition in partitions)
        {
            var tp = new TopicPartition(topic, partition.PartitionId);
            var watermarks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
            ends[tp] = end ? watermarks.High.Value : watermarks.Low.Value;
        }

        return ends;
    }

    /// <summary>Records in <paramref name="topic"/> (with transaction markers, if the cluster writes them).</summary>
    public static long Count(KafkaTarget kafka, string topic) => EndOffsets(kafka, topic).Values.Sum();
}
