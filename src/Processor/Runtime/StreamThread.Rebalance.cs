using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAgg.Processor.Observability;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// The group's callbacks, which run inside the consumer's poll. An assignment is only recorded
/// here: its tasks are created and restored by the restore phase of the loop (as Kafka Streams
/// moved restoration out of the rebalance callback). A revocation commits inside its callback,
/// as Kafka Streams' does: once it returns the partitions may move, and the next owner must
/// start exactly where we stopped.
/// </summary>
internal sealed partial class StreamThread
{
    /// <summary>
    /// Records the new partitions for the restore phase, and starts them at the group's committed
    /// offsets (a concrete offset: no offset query of the client's is left to race the seek that
    /// follows their restoration).
    /// </summary>
    private List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        _logger.LogInformation("Assigned {Partitions}", Describe(partitions));
        _toRestore.AddRange(partitions);
        _assignedSinceRestore = partitions.Count > 0;
        _joined = true;
        return StartOffsets(partitions, positions: []);
    }

    private void OnRevoked(IEnumerable<TopicPartition> partitions)
    {
        var revoked = partitions.ToList();
        _logger.LogInformation("Revoked {Partitions}", Describe(revoked));
        using var span = ProcessorTracing.Source.StartActivity("rebalance revoke");
        span?.SetTag("streamagg.partitions", revoked.Count);
        _toRestore.RemoveAll(revoked.Contains);
        var committed = false;
        try
        {
            // Everything processed so far is committed before the partitions move, so the next
            // owner starts exactly where we stopped.
            Commit();
            committed = true;
        }
        catch (Exception e) when (e is TaskCorruptedException or TaskMigratedException)
        {
            _logger.LogWarning("Commit on revocation failed ({Reason}); aborting", e.Message);
            _producer.Abort(AbortCause.RevocationCommitFailed);
            _rewindNeeded = true;
        }

        // A clean close: what the tasks' local stores hold is committed, so they may checkpoint it.
        _tasks.Drop(revoked, committed);
    }

    private void OnLost(IEnumerable<TopicPartition> partitions)
    {
        var lost = partitions.ToList();
        _logger.LogWarning("Lost {Partitions}: aborting, restoring the rest and rewinding", Describe(lost));
        _toRestore.RemoveAll(lost.Contains);
        // Another instance owns them already: our uncommitted work for them is void.
        _producer.Abort(AbortCause.PartitionsLost);
        _tasks.Drop(lost);
        _rewindNeeded = true;
    }

    /// <summary>
    /// Restore phase: creates and restores the tasks of the partitions waiting for it, then seeks
    /// each to where its state stands. The seek also discards whatever the consumer fetched for
    /// them meanwhile, and this poll's records of them are dropped: they are read again from there.
    /// </summary>
    private void Restore()
    {
        if (_toRestore.Count > 0)
        {
            // Only partitions without a task: a running task's position must not move.
            var partitions = _toRestore.Where(p => !_tasks.TryGet(p, out _)).Distinct().ToList();
            _toRestore.Clear();
            using var span = _assignedSinceRestore ? ProcessorTracing.Source.StartActivity("rebalance assign") : null;
            span?.SetTag("streamagg.partitions", partitions.Count);
            _assignedSinceRestore = false;
            var positions = _tasks.Assign(partitions, _cancellation);
            foreach (var offset in StartOffsets(partitions, positions))
            {
                _consumer.Seek(offset);
            }

            // This poll's records of those partitions came before the seek: they come again.
            _polled.RemoveAll(record => partitions.Exists(p => p.Partition == record.Partition && p.Topic == record.Topic));
        }

        // Running once the group has handed out partitions and ours are restored, even when ours
        // are none (more instances than input partitions): an idle member is healthy, not stuck.
        if (State == StreamThreadState.Starting && (_joined || _consumer.Assignment.Count > 0))
        {
            State = StreamThreadState.Running;
        }
    }

    /// <summary>After an abort: rebuild every task from its changelog and seek to where its state stands.</summary>
    private void Rewind()
    {
        _rewindNeeded = false;
        _polled.Clear();
        var owned = _tasks.DropAll();
        if (owned.Count == 0)
        {
            return;
        }

        _toRestore.AddRange(owned);
        Restore();
        _lastCommit = _time.GetUtcNow();
    }

    /// <summary>
    /// Where each partition starts: the group's committed offset, or the position a restored
    /// changelog recorded when that is further (the transaction that wrote it committed, but the
    /// group's offsets did not follow).
    /// </summary>
    private List<TopicPartitionOffset> StartOffsets(List<TopicPartition> partitions, Dictionary<TopicPartition, long> positions)
    {
        var committed = partitions.Count == 0 ? [] : _consumer.Committed(partitions, TimeSpan.FromSeconds(30));
        var start = new List<TopicPartitionOffset>(committed.Count);
        foreach (var group in committed)
        {
            var offset = group.Offset == Offset.Unset ? Offset.Beginning : group.Offset;
            if (positions.TryGetValue(group.TopicPartition, out var position) && (offset == Offset.Beginning || position > offset.Value))
            {
                _logger.LogInformation(
                    "{Partition}: the changelog's position {Position} is ahead of the group's offset {Offset}; resuming there",
                    group.TopicPartition, position, offset);
                offset = new Offset(position);
                // The next commit repeats it to the group, so lag shows the truth even when
                // nothing more arrives on this partition.
                _tasks.MarkResumed(group.TopicPartition, position);
            }

            if (offset == Offset.Beginning)
            {
                // Offset 0 rather than the logical beginning, which librdkafka first resolves with
                // an extra offset query that can hold back the first fetch for a whole request
                // timeout. A fetch at 0 starts at once; auto.offset.reset (earliest) covers a
                // partition whose first records are gone.
                offset = new Offset(0);
            }

            start.Add(new TopicPartitionOffset(group.TopicPartition, offset));
        }

        return start;
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.Select(p => $"{p.Topic}/{p.Partition.Value}"));
}
