using Confluent.Kafka;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// A task that keeps nothing: restoring it times what the restorer itself costs (fetching the
/// changelog and handing over its records), apart from decoding and storing the state.
/// </summary>
internal sealed class FetchOnlyTask(int partition, string changelogTopic) : IStreamTask
{
    public TopicPartition InputPartition { get; } = new("bench-fetch-only", partition);

    public IReadOnlyList<string> ChangelogTopics { get; } = [changelogTopic];

    public long Bytes { get; private set; }

    public void Restore(string changelogTopic, byte[] key, ReadOnlyMemory<byte>? value) => Bytes += key.Length + (value?.Length ?? 0);

    public void Process(ConsumeResult<byte[], byte[]> record, IRecordCollector output) => throw new NotSupportedException();

    public void Punctuate(DateTimeOffset now, IRecordCollector output)
    {
    }

    public void Flush(IRecordCollector output)
    {
    }

    public void Dispose()
    {
    }
}
