using Confluent.Kafka;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.TestDriver;

/// <summary>
/// The collector a driven task sends to: it keeps every record, in order, with the number of
/// the commit it belongs to. This is the task's real output interface, not a stand-in for Kafka:
/// what a task sends here is exactly what the stream thread would hand the producer.
/// </summary>
internal sealed class RecordCapture : IRecordCollector
{
    private readonly List<CapturedRecord> _records = [];

    public IReadOnlyList<CapturedRecord> Records => _records;

    /// <summary>Commits completed so far; records sent now belong to the next one.</summary>
    public int Commits { get; private set; }

    public void MarkCommitted() => Commits++;

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers = null) =>
        _records.Add(new CapturedRecord(topic, null, Copy(key), Copy(value), CopyHeaders(headers), Commits));

    public void Send(TopicPartition partition, byte[]? key, byte[]? value, Headers? headers = null) =>
        _records.Add(new CapturedRecord(partition.Topic, partition.Partition.Value, Copy(key), Copy(value), CopyHeaders(headers), Commits));

    public void Send(string topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        _records.Add(new CapturedRecord(topic, null, key.ToArray(), value.ToArray(), [], Commits));

    public void Send(TopicPartition partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        _records.Add(new CapturedRecord(partition.Topic, partition.Partition.Value, key.ToArray(), value.ToArray(), [], Commits));

    // Copies, so a task that reuses its buffers cannot change what was captured.
    private static byte[]? Copy(byte[]? bytes) => bytes?.ToArray();

    private static List<KeyValuePair<string, byte[]>> CopyHeaders(Headers? headers) =>
        headers is null ? [] : headers.Select(h => new KeyValuePair<string, byte[]>(h.Key, h.GetValueBytes().ToArray())).ToList();
}
