using Confluent.Kafka;
using StreamAgg.Contracts;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Kafka.Clients;

namespace StreamAgg.Cli.Demo;

/// <summary>
/// Rebuilds one video's per-second viewers by reading every committed heatmap delta from the
/// topic and merging them as the sink does (union of sketches, sum of plays), over all days.
/// </summary>
internal static class HeatmapReader
{
    public static SortedDictionary<int, (HllSketch Viewers, long Plays)> ReadVideo(KafkaClientSettings settings, string videoId)
    {
        var seconds = new SortedDictionary<int, (HllSketch Viewers, long Plays)>();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(settings.Consumer($"streamagg-demo-heatmap-{Guid.NewGuid():N}", "streamagg-demo-heatmap")).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(TopicNames.HeatmapDeltas, TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
        var remaining = new HashSet<int>();
        var assignment = new List<TopicPartitionOffset>();
        foreach (var partition in partitions)
        {
            var tp = new TopicPartition(TopicNames.HeatmapDeltas, partition.PartitionId);
            var end = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
            if (end > 0)
            {
                remaining.Add(partition.PartitionId);
                assignment.Add(new TopicPartitionOffset(tp, Offset.Beginning));
            }
        }

        consumer.Assign(assignment);
        while (remaining.Count > 0)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(5));
            if (result is null)
            {
                break;
            }

            if (result.IsPartitionEOF)
            {
                remaining.Remove(result.Partition.Value);
                continue;
            }

            var delta = HeatmapDeltaCodec.Read(result.Message.Value);
            if (delta.VideoId != videoId)
            {
                continue;
            }

            foreach (var second in delta.Seconds)
            {
                if (seconds.TryGetValue(second.Second, out var known))
                {
                    known.Viewers.UnionWith(second.Viewers);
                    seconds[second.Second] = (known.Viewers, known.Plays + second.Plays);
                }
                else
                {
                    seconds[second.Second] = (second.Viewers.Clone(), second.Plays);
                }
            }
        }

        return seconds;
    }
}
