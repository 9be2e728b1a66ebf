using Confluent.Kafka;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Observability;

/// <summary>
/// Reads per-partition figures on the stream thread, which alone may use its consumer, and
/// publishes them as snapshots for the gauges: lag after every commit (from the consumer's
/// cached high watermark and its position, no broker round trip), state size every
/// <see cref="StateEvery"/> (it walks every key).
/// </summary>
internal sealed class PartitionSnapshots(ProcessorMetrics metrics)
{
    private static readonly TimeSpan StateEvery = TimeSpan.FromSeconds(5);

    private readonly PartitionTags _tags = new();
    private DateTimeOffset _nextState = DateTimeOffset.MinValue;

    public void AfterCommit(IConsumer<byte[], byte[]> consumer, IReadOnlyCollection<IStreamTask> tasks, DateTimeOffset now)
    {
        PublishLag(consumer, tasks);
        if (now >= _nextState)
        {
            _nextState = now + StateEvery;
            PublishState(tasks);
        }
    }

    private void PublishLag(IConsumer<byte[], byte[]> consumer, IReadOnlyCollection<IStreamTask> tasks)
    {
        var readings = new List<PartitionReading>(tasks.Count);
        foreach (var task in tasks)
        {
            var partition = task.InputPartition;
            var high = consumer.GetWatermarkOffsets(partition).High;
            var position = consumer.Position(partition);
            // Unknown until the first fetch answered and the first record was consumed.
            if (high == Offset.Unset || position == Offset.Unset)
            {
                continue;
            }

            readings.Add(new PartitionReading(Math.Max(0, high.Value - position.Value), _tags.Of(partition)));
        }

        metrics.PublishLag([.. readings]);
    }

    private void PublishState(IReadOnlyCollection<IStreamTask> tasks)
    {
        var keys = new List<PartitionReading>(tasks.Count);
        var bytes = new List<PartitionReading>(tasks.Count);
        foreach (var task in tasks)
        {
            if (task is IStateSize state)
            {
                var tags = _tags.Of(task.InputPartition);
                keys.Add(new PartitionReading(state.KeyCount, tags));
                bytes.Add(new PartitionReading(state.StateBytes(), tags));
            }
        }

        metrics.PublishState([.. keys], [.. bytes]);
    }
}
