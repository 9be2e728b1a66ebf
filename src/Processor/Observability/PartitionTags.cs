using Confluent.Kafka;

namespace StreamAgg.Processor.Observability;

/// <summary>The <c>topic</c> and <c>partition</c> attributes of each partition, built once and reused by every snapshot.</summary>
internal sealed class PartitionTags
{
    private readonly Dictionary<TopicPartition, KeyValuePair<string, object?>[]> _tags = [];

    public KeyValuePair<string, object?>[] Of(TopicPartition partition)
    {
        if (!_tags.TryGetValue(partition, out var tags))
        {
            tags = [new("topic", partition.Topic), new("partition", partition.Partition.Value)];
            _tags.Add(partition, tags);
        }

        return tags;
    }
}
