using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// The tasks of the partitions this instance owns: creates and restores them in the restore phase,
/// drops them on revocation, and tracks the offsets processed since the last commit.
/// </summary>
internal sealed class TaskManager : IDisposable
{
    private readonly IStreamTaskFactory _factory;
    private readonly ChangelogRestorer _restorer;
    private readonly ILogger _logger;
    private readonly HashSet<string> _inputTopics;
    private readonly Dictionary<TopicPartition, IStreamTask> _tasks = [];
    private readonly Dictionary<TopicPartition, long> _nextOffsets = [];
    // Where each task's committed state stands in its input: restored, then moved by each commit.
    private readonly Dictionary<TopicPartition, long> _positions = [];

    public TaskManager(IStreamTaskFactory factory, ChangelogRestorer restorer, ILogger logger)
    {
        _factory = factory;
        _inputTopics = [.. factory.InputTopics];
        _restorer = restorer;
        _logger = logger;
    }

    public IReadOnlyCollection<IStreamTask> Tasks => _tasks.Values;

    public IEnumerable<TopicPartition> OwnedPartitions => _tasks.Values.Select(t => t.InputPartition);

    public bool TryGet(TopicPartition partition, out IStreamTask task) => _tasks.TryGetValue(partition, out task!);

    /// <summary>
    /// Creates a task for each newly assigned partition and restores them together (their
    /// changelogs are read at once). Returns the input position each restored changelog recorded
    /// (partitions whose changelog holds none are absent).
    /// </summary>
    public Dictionary<TopicPartition, long> Assign(IEnumerable<TopicPartition> partitions, CancellationToken cancellation)
    {
        var created = new List<IStreamTask>();
        var positions = new Dictionary<TopicPartition, long>();
        try
        {
            foreach (var partition in partitions)
            {
                if (_inputTopics.Contains(partition.Topic) && !_tasks.ContainsKey(partition) && !created.Exists(t => t.InputPartition == partition))
                {
                    created.Add(_factory.Create(partition));
                }
            }

            var restorations = _restorer.Restore(created, cancellation);
            for (var i = 0; i < created.Count; i++)
            {
                if (restorations[i].Position is { } position)
                {
                    positions[created[i].InputPartition] = position;
                    _positions[created[i].InputPartition] = position;
                }
            }
        }
        catch
        {
            created.ForEach(t => t.Dispose());
            throw;
        }

        foreach (var task in created)
        {
            _tasks.Add(task.InputPartition, task);
            _logger.LogInformation("Task {Partition} is running", $"{task.InputPartition.Topic}/{task.InputPartition.Partition.Value}");
        }

        return positions;
    }

    /// <summary>
    /// Drops the tasks of revoked or lost partitions (the caller committed or aborted first).
    /// <paramref name="committed"/>: the caller has just committed everything they processed, so
    /// their local stores may record what they reflect (a checkpoint); false after an abort.
    /// </summary>
    public void Drop(IEnumerable<TopicPartition> partitions, bool committed = false)
    {
        var dropped = new List<IStreamTask>();
        foreach (var partition in partitions)
        {
            if (_tasks.Remove(partition, out var task))
            {
                dropped.Add(task);
            }
        }

        if (committed)
        {
            Checkpoint(dropped);
        }

        foreach (var task in dropped)
        {
            var partition = task.InputPartition;
            _nextOffsets.Remove(partition);
            _positions.Remove(partition);
            task.Dispose();
            _logger.LogInformation("Task {Partition} closed", $"{partition.Topic}/{partition.Partition.Value}");
        }
    }

    /// <summary>Drops every task and returns the partitions they owned.</summary>
    public List<TopicPartition> DropAll(bool committed = false)
    {
        var owned = OwnedPartitions.ToList();
        Drop(owned, committed);
        return owned;
    }

    /// <summary>
    /// Clean close of tasks whose work is all committed: each local store records the changelog's
    /// end offset now. A task whose store cannot is closed without a checkpoint (its next
    /// assignment restores everything), never stopped for it.
    /// </summary>
    private void Checkpoint(List<IStreamTask> tasks)
    {
        var changelogs = tasks.SelectMany(t => t.ChangelogTopics.Select(topic => new TopicPartition(topic, t.InputPartition.Partition))).ToList();
        if (changelogs.Count == 0)
        {
            return;
        }

        Dictionary<TopicPartition, long> ends;
        try
        {
            ends = _restorer.EndOffsets(changelogs);
        }
        catch (KafkaException e)
        {
            _logger.LogWarning("No checkpoints: the changelogs' end offsets could not be read ({Reason})", e.Error.Reason);
            return;
        }

        foreach (var task in tasks)
        {
            foreach (var topic in task.ChangelogTopics)
            {
                var changelog = new TopicPartition(topic, task.InputPartition.Partition);
                if (!ends.TryGetValue(changelog, out var end) || end < 0)
                {
                    continue;
                }

                try
                {
                    task.Checkpoint(topic, end, _positions.TryGetValue(task.InputPartition, out var position) ? position : null);
                }
                catch (Exception e) when (e is State.StateStoreException or IOException)
                {
                    _logger.LogWarning("{Changelog}: no checkpoint ({Reason}); the next assignment restores the whole changelog", changelog, e.Message);
                }
            }
        }
    }

    public void MarkProcessed(TopicPartition partition, long offset) => _nextOffsets[partition] = offset + 1;

    /// <summary>The task resumes at <paramref name="nextOffset"/>: commit it even if nothing else is processed.</summary>
    public void MarkResumed(TopicPartition partition, long nextOffset) => _nextOffsets[partition] = nextOffset;

    /// <summary>The offsets to commit: the next offset to read of every partition that moved.</summary>
    public List<TopicPartitionOffset> OffsetsToCommit()
    {
        var offsets = new List<TopicPartitionOffset>(_nextOffsets.Count);
        foreach (var (partition, next) in _nextOffsets)
        {
            offsets.Add(new TopicPartitionOffset(partition, next));
        }

        return offsets;
    }

    /// <summary>After a successful commit of <paramref name="offsets"/>, nothing is pending.</summary>
    public void ClearCommitted(List<TopicPartitionOffset> offsets)
    {
        foreach (var offset in offsets)
        {
            _positions[offset.TopicPartition] = offset.Offset.Value;
        }

        _nextOffsets.Clear();
    }

    public void Dispose()
    {
        foreach (var task in _tasks.Values)
        {
            task.Dispose();
        }

        _tasks.Clear();
    }
}
