namespace StreamAgg.Kafka.Topics;

// The YAML shape of topics.yaml, as written; TopicCatalogValidator turns it into TopicSpecs.
internal sealed class TopicCatalogDocument
{
    public List<TopicDocument?>? Topics { get; set; }
}
