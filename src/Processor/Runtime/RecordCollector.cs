using Confluent.Kafka;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Where the tasks' output records go: each is stamped with the commit cycle's trace context and
/// handed to the <see cref="StreamsProducer"/>, inside its open transaction.
/// </summary>
internal sealed class RecordCollector(StreamsProducer producer, CommitCycleTracing tracing) : IRecordCollector
{
    // The flush path sends tens of thousands of records per commit: none of these is allocated
    // per record. The client keeps no reference to the message (only to a delivery handler's
    // copy of key and value, which DeliveryReportFields = none leaves out) once Produce returns.
    private readonly Message<byte[]?, byte[]?> _message = new();
    private readonly Dictionary<string, TopicPartition> _anyPartition = new(StringComparer.Ordinal);
    private readonly ExactLengthArrays _keys = new();
    private readonly ExactLengthArrays _values = new();

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers = null) =>
        Send(AnyPartitionOf(topic), key, value, headers);

    public void Send(string topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        Send(AnyPartitionOf(topic), _keys.CopyOf(key), _values.CopyOf(value));

    public void Send(TopicPartition partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        Send(partition, _keys.CopyOf(key), _values.CopyOf(value));

    public void Send(TopicPartition partition, byte[]? key, byte[]? value, Headers? headers = null)
    {
        // First: the cycle's first record opens its span, whose trace context this record carries.
        producer.BeginIfNeeded();
        if (tracing.TraceParent is { } traceParent)
        {
            headers ??= [];
            headers.Add(MessageHeaders.TraceParent, traceParent);
        }

        _message.Key = key;
        _message.Value = value;
        _message.Headers = headers;
        producer.Produce(partition, _message);
    }

    private TopicPartition AnyPartitionOf(string topic)
    {
        if (!_anyPartition.TryGetValue(topic, out var partition))
        {
            partition = new TopicPartition(topic, Partition.Any);
            _anyPartition.Add(topic, partition);
        }

        return partition;
    }
}
