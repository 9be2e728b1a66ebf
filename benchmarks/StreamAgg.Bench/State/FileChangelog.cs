using Confluent.Kafka;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Bench.State;

/// <summary>
/// What <c>bench state</c>'s task sends: the changelog records go to an append-only file (the
/// changelog partition, offset = record number), rows, deltas and dead letters are counted and
/// dropped. A file because the embedded Kafka cluster keeps at most 5 MiB per partition, far from
/// a changelog of millions of keys; restoring from it times the store, not the network.
/// </summary>
internal sealed class FileChangelog(string path, string changelogTopic) : IRecordCollector, IDisposable
{
    private readonly BufferedStream _file = new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), 1 << 20);

    public long Records { get; private set; }

    public long Bytes { get; private set; }

    public long Others { get; private set; }

    public string Path => path;

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers = null) => Send(topic, key.AsSpan(), value.AsSpan());

    public void Send(TopicPartition partition, byte[]? key, byte[]? value, Headers? headers = null) => Send(partition.Topic, key.AsSpan(), value.AsSpan());

    public void Send(TopicPartition partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Send(partition.Topic, key, value);

    public void Send(string topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (topic != changelogTopic)
        {
            Others++;
            return;
        }

        Span<byte> lengths = stackalloc byte[8];
        BitConverter.TryWriteBytes(lengths, key.Length);
        BitConverter.TryWriteBytes(lengths[4..], value.Length);
        _file.Write(lengths);
        _file.Write(key);
        _file.Write(value);
        Records++;
        Bytes += key.Length + value.Length;
    }

    public void Flush() => _file.Flush();

    /// <summary>Reads the records from offset <paramref name="from"/> on, each in its own arrays (a task may keep them).</summary>
    public static IEnumerable<(byte[] Key, byte[] Value)> Read(string path, long from)
    {
        using var file = new BufferedStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), 1 << 20);
        var lengths = new byte[8];
        for (long offset = 0; ; offset++)
        {
            if (file.Read(lengths, 0, 8) < 8)
            {
                yield break;
            }

            var keyLength = BitConverter.ToInt32(lengths, 0);
            var valueLength = BitConverter.ToInt32(lengths, 4);
            if (offset < from)
            {
                file.Seek(keyLength + valueLength, SeekOrigin.Current);
                continue;
            }

            var key = new byte[keyLength];
            var value = new byte[valueLength];
            file.ReadExactly(key);
            file.ReadExactly(value);
            yield return (key, value);
        }
    }

    public void Dispose() => _file.Dispose();
}
