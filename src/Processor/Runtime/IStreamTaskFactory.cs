using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>Builds the task of a newly assigned input partition (the topology, in Kafka Streams terms).</summary>
internal interface IStreamTaskFactory
{
    /// <summary>The topics whose partitions become tasks (one task per topic partition).</summary>
    IReadOnlyList<string> InputTopics { get; }

    /// <summary>A fresh task for <paramref name="partition"/> of one of the input topics, with empty state, ready for restoration.</summary>
    IStreamTask Create(TopicPartition partition);
}
