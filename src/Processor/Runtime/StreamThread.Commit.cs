using System.Diagnostics;
using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>The commit: the tasks' coalesced output, the changelog positions and the offsets, together.</summary>
internal sealed partial class StreamThread
{
    /// <summary>Flushes every task's coalesced output, then commits it with the offsets, atomically under exactly-once.</summary>
    private void Commit()
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var task in _tasks.Tasks)
        {
            task.Flush(_collector);
        }

        var offsets = AtConsumerPositions(_tasks.OffsetsToCommit());
        RecordPositions(offsets);
        _timings.Add(LoopPhase.Flush, started);
        _producer.Commit(offsets, _consumer.ConsumerGroupMetadata);
        if (offsets.Count > 0 && _options.Guarantee == ProcessingGuarantee.AtLeastOnce)
        {
            started = Stopwatch.GetTimestamp();
            CommitToGroup(offsets);
            _timings.Add(LoopPhase.GroupCommit, started);
        }

        lock (_committed)
        {
            foreach (var offset in offsets)
            {
                _committed[offset.TopicPartition] = offset.Offset.Value;
            }
        }

        _tasks.ClearCommitted(offsets);
        _lastCommit = _time.GetUtcNow();
    }

    /// <summary>
    /// Every polled record is processed before a commit, so the consumer's position is where the
    /// next owner should start. It can be past the last record: on a transactionally written
    /// input (the repartition topic) the position also skips the transaction markers, and
    /// committing it keeps the lag of a drained partition at zero rather than one.
    /// </summary>
    private List<TopicPartitionOffset> AtConsumerPositions(List<TopicPartitionOffset> processed)
    {
        for (var i = 0; i < processed.Count; i++)
        {
            var position = _consumer.Position(processed[i].TopicPartition);
            if (position.Value > processed[i].Offset.Value)
            {
                processed[i] = new TopicPartitionOffset(processed[i].TopicPartition, position);
            }
        }

        return processed;
    }

    /// <summary>
    /// Writes each stateful task's next input offset into its changelog, in the transaction that
    /// commits the state up to there (see <see cref="ChangelogPosition"/>).
    /// </summary>
    private void RecordPositions(List<TopicPartitionOffset> offsets)
    {
        foreach (var offset in offsets)
        {
            if (_tasks.TryGet(offset.TopicPartition, out var task) && task.ChangelogTopics.Count > 0)
            {
                _collector.Send(
                    new TopicPartition(task.ChangelogTopics[0], offset.Partition),
                    ChangelogPosition.Key(offset.Topic),
                    ChangelogPosition.Value(offset.Offset.Value));
            }
        }
    }

    /// <summary>
    /// At-least-once only: the offset commit. Exactly-once commits the offsets in the transaction,
    /// and Kafka makes them the group's when it commits (the embedded cluster's proxy does the
    /// same for librdkafka's mock, which on its own would drop them); repeating them here cost a
    /// blocking round trip per commit.
    /// </summary>
    private void CommitToGroup(List<TopicPartitionOffset> offsets)
    {
        try
        {
            _consumer.Commit(offsets);
        }
        catch (KafkaException e)
        {
            throw new TaskMigratedException($"Committing offsets failed: {e.Error.Reason}", e);
        }
    }
}
