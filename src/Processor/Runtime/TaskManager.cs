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

    /// <summary>Drops the tasks of revoked or lost partitions (the caller committed or aborted first).</summary>
    public void Drop(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_tasks.Remove(partition, out var task))
            {
                _nextOffsets.Remove(partition);
                task.Dispose();
                _logger.LogInformation("Task {Partition} closed", $"{partition.Topic}/{partition.Partition.Value}");
            }
        }
    }

    /// <summary>Drops every task and returns the partitions they owned.</summary>
    public List<TopicPartition> DropAll()
    {
        var owned = OwnedPartitions.ToList();
        Drop(owned);
        return owned;
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

    /// <summary>After a successful commit, nothing is pending.</summary>
    public void ClearCommitted() => _nextOffsets.Clear();

    public void Dispose()
    {
        foreach (var task in _tasks.Values)
        {
            task.Dispose();
        }

        _tasks.Clear();
    }
}
