using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>Builds the task of a newly assigned input partition (the topology, in Kafka Streams terms).</summary>
internal interface IStreamTaskFactory
{
    /// <summary>The topic whose partitions become tasks.</summary>
    string InputTopic { get; }

    /// <summary>A fresh task for <paramref name="partition"/>, with empty state, ready for restoration.</summary>
    IStreamTask Create(TopicPartition partition);
}
