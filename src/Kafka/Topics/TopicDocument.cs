namespace StreamAgg.Kafka.Topics;

// One entry of topics.yaml's `topics` list. Every field is nullable so that a missing one
// becomes a validation message rather than a silent default.
internal sealed class TopicDocument
{
    public string? Name { get; set; }

    public int? Partitions { get; set; }

    public int? ReplicationFactor { get; set; }

    public string? CoPartitionedWith { get; set; }

    public Dictionary<string, string?>? Configs { get; set; }
}
