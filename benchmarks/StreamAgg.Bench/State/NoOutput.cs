using Confluent.Kafka;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Bench.State;

/// <summary>A collector that drops everything (a store flush that sends nothing).</summary>
internal sealed class NoOutput : IRecordCollector
{
    public static readonly NoOutput Instance = new();

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers = null)
    {
    }

    public void Send(TopicPartition partition, byte[]? key, byte[]? value, Headers? headers = null)
    {
    }

    public void Send(string topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
    }

    public void Send(TopicPartition partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
    }
}
