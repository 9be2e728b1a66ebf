using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>Where tasks put the records they produce; the commit decides when they become visible.</summary>
internal interface IRecordCollector
{
    /// <summary>Send to a topic, partitioned by the producer's partitioner on the key.</summary>
    void Send(string topic, byte[]? key, byte[]? value, Headers? headers = null);

    /// <summary>Send to one partition (changelogs: the partition of the task's input).</summary>
    void Send(TopicPartition partition, byte[]? key, byte[]? value, Headers? headers = null);
}
