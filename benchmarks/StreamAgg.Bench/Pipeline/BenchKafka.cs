using Confluent.Kafka;
using StreamAgg.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Dev.Kafka;

namespace StreamAgg.Bench.Pipeline;

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

    /// <summary>
    /// Committed records in <paramref name="topic"/>, read to its end: offsets alone would also
    /// count the transaction markers, which take an offset each but are no records.
    /// </summary>
    public static long Count(KafkaTarget kafka, string topic)
    {
        var ends = EndOffsets(kafka, topic).Where(e => e.Value > 0).ToDictionary();
        var config = kafka.Settings.Consumer("streamagg-bench-count", "streamagg-bench-count");
        config.IsolationLevel = IsolationLevel.ReadCommitted;
        config.EnablePartitionEof = true;
        config.ConsumeResultFields = "topic";
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        long records = 0;
        var open = new HashSet<TopicPartition>(ends.Keys);
        while (open.Count > 0)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10))
                ?? throw new TimeoutException($"counting {topic}: no record nor end of partition within 10 s");
            if (result.IsPartitionEOF)
            {
                // The end of what a read_committed reader sees; markers past the last record included.
                if (result.Offset.Value >= ends[result.TopicPartition] - 1)
                {
                    open.Remove(result.TopicPartition);
                }

                continue;
            }

            records++;
        }

        consumer.Close();
        return records;
    }
}
