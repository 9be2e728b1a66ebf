using Confluent.Kafka;

namespace StreamAgg.Sink.Observability;

/// <summary>
/// A sink's lag: read from the consumer's cached high watermarks and its positions at most once a
/// second, on the consume loop's thread (the only one that uses the consumer), and published as a
/// snapshot for the gauge and for readiness.
/// </summary>
internal sealed class SinkLagMonitor(string consumerName, SinkMetrics metrics, TimeProvider time, long readyMaxLag)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private readonly Dictionary<TopicPartition, KeyValuePair<string, object?>[]> _partitionTags = [];
    private readonly HashSet<TopicPartition> _reachedEnd = [];
    private DateTimeOffset _next;
    private volatile bool _caughtUp;

    /// <summary>Whether the last reading knew every partition's lag and found at most the ready limit behind.</summary>
    public bool CaughtUp => _caughtUp;

    /// <summary>A partition's end was reached: it is caught up even before anything was consumed from it.</summary>
    public void ReachedEnd(TopicPartition partition) => _reachedEnd.Add(partition);

    /// <summary>Partitions (re)assigned: their ends must be reached again, and the lag is read at the next chance.</summary>
    public void Assigned(IEnumerable<TopicPartition> partitions)
    {
        _reachedEnd.ExceptWith(partitions);
        _next = DateTimeOffset.MinValue;
    }

    /// <summary>Reads and publishes the lag when a second has passed since the last reading.</summary>
    public void PublishWhenDue(IConsumer<byte[]?, byte[]?> consumer)
    {
        var now = time.GetUtcNow();
        if (now < _next)
            return;
        _next = now + Every;
        var assignment = consumer.Assignment;
        var readings = new LagReading[assignment.Count];
        long total = 0;
        var known = 0;
        var allKnown = true;
        foreach (var partition in assignment)
        {
            var high = consumer.GetWatermarkOffsets(partition).High;
            var position = consumer.Position(partition);
            long lag;
            if (high != Offset.Unset && position != Offset.Unset)
                lag = Math.Max(0, high.Value - position.Value);
            else if (_reachedEnd.Contains(partition))
                lag = 0;
            else
            {
                // Nothing consumed from it yet and its end not reached: unknown.
                allKnown = false;
                continue;
            }
            total += lag;
            readings[known++] = new LagReading(lag, TagsOf(partition));
        }

        metrics.PublishLag(consumerName, readings[..known]);
        _caughtUp = allKnown && total <= readyMaxLag;
    }

    private KeyValuePair<string, object?>[] TagsOf(TopicPartition partition)
    {
        if (!_partitionTags.TryGetValue(partition, out var tags))
        {
            tags = [new("sink", consumerName), new("topic", partition.Topic), new("partition", partition.Partition.Value)];
            _partitionTags.Add(partition, tags);
        }

        return tags;
    }
}
