using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>Where tasks put the records they produce; the commit decides when they become visible.</summary>
internal interface IRecordCollector
{
    /// <summary>Send to a topic, partitioned by the producer's partitioner on the key.</summary>
    void Send(string topic, byte[]? key, byte[]? value, Headers? headers = null);

    /// <summary>Send to one partition (changelogs: the partition of the task's input).</summary>
    void Send(TopicPartition partition, byte[]? key, byte[]? value, Headers? headers = null);

    /// <summary>
    /// Send to a topic, partitioned on the key. The bytes are copied before this returns, so the
    /// caller may reuse its buffers (the flush path serializes every record into the same ones).
    /// </summary>
    void Send(string topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    /// <summary>Send to one partition; the bytes are copied before this returns.</summary>
    void Send(TopicPartition partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
}
