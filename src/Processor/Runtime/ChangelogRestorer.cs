using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAgg.Processor.Observability;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Rebuilds a task's state by reading its changelog partitions from the beginning to the end
/// (the last stable offset: only committed records count) before the task processes anything.
/// The runtime's own records (<see cref="ChangelogPosition"/>) are kept here, not handed to the task.
/// </summary>
internal sealed class ChangelogRestorer : IDisposable
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(30);

    private readonly IConsumer<byte[], ReadOnlyMemory<byte>?> _consumer;
    private readonly ILogger _logger;
    private readonly ProcessorMetrics _metrics;
    private readonly PartitionTags _tags = new();

    public ChangelogRestorer(ProcessorOptions options, ILogger logger, ProcessorMetrics metrics)
    {
        _logger = logger;
        _metrics = metrics;
        _consumer = new ConsumerBuilder<byte[], ReadOnlyMemory<byte>?>(new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = $"{options.ApplicationId}-{options.InstanceId}-restore",
            // No group: the restorer assigns partitions itself and commits nothing.
            GroupId = $"{options.ApplicationId}-restore-unused",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = true,
            // The partitions are assigned at the start offsets looked up just before: should the log
            // start move past one meanwhile, reading resumes at the new start, as Offset.Beginning did.
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchMaxBytes = 64 * 1024 * 1024,
            MaxPartitionFetchBytes = 16 * 1024 * 1024,
            // The end of a changelog shows as an empty fetch: the broker holds a fetch that finds
            // nothing this long (default 500 ms), which every restored partition paid once.
            FetchWaitMaxMs = 10,
            // Restoring reads only keys, values and offsets: the client then skips marshalling the
            // topic name, the headers and the timestamp of every record.
            ConsumeResultFields = "none",
        })
            // Values go straight into large shared arrays: tasks keep them (dormant key states),
            // and one array per record would be copied twice by the GC as it survives.
            .SetValueDeserializer(new SlabDeserializer(new RecordSlabs()))
            .Build();
    }

    /// <summary>
    /// Feeds every committed changelog record of each task's partitions to the task, restoring the
    /// tasks of one assignment together: each changelog topic's partitions of all the
    /// tasks are read at once, so their fetches overlap instead of each partition paying its own
    /// offset lookup, first fetch and end-of-partition round trip one after the other. Returns, in
    /// the tasks' order, what each task's restoration found.
    /// </summary>
    public ChangelogRestoration[] Restore(IReadOnlyList<IStreamTask> tasks, CancellationToken cancellation)
    {
        var restorations = new ChangelogRestoration[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            // A local store's checkpoint says where its state stands; a newer position in the
            // changelog's tail replaces it.
            restorations[i] = new ChangelogRestoration(0, tasks[i].LocalStatePosition);
        }

        var topics = tasks.SelectMany(t => t.ChangelogTopics).Distinct(StringComparer.Ordinal).ToList();
        LastTimings = default;
        foreach (var topic in topics)
        {
            RestoreTopic(topic, tasks, restorations, cancellation);
        }

        return restorations;
    }

    /// <summary>Where the last <see cref="Restore"/> spent its time (all its changelog topics together).</summary>
    public RestoreTimings LastTimings { get; private set; }

    private void RestoreTopic(string topic, IReadOnlyList<IStreamTask> tasks, ChangelogRestoration[] restorations, CancellationToken cancellation)
    {
        var started = Stopwatch.StartNew();
        var setupStart = Stopwatch.GetTimestamp();
        using var span = ProcessorTracing.Source.StartActivity("restore");
        span?.SetTag("messaging.destination.name", topic);

        // The restore consumer does not marshal topic names (ConsumeResultFields), so records are
        // routed by partition number within the one topic being read.
        var changelogs = new List<(int TaskIndex, TopicPartition Changelog)>();
        for (var i = 0; i < tasks.Count; i++)
        {
            if (tasks[i].ChangelogTopics.Contains(topic))
            {
                changelogs.Add((i, new TopicPartition(topic, tasks[i].InputPartition.Partition)));
            }
        }

        var (starts, ends) = Watermarks(changelogs.Select(c => c.Changelog).ToList());
        var partitions = new Dictionary<int, RestoringPartition>();
        foreach (var (taskIndex, changelog) in changelogs)
        {
            var (low, high) = (starts[changelog.Partition.Value], ends[changelog.Partition.Value]);
            if (tasks[taskIndex].LocalStateOffset(topic) is { } checkpointed)
            {
                if (checkpointed > high)
                {
                    // The changelog ends before what the local store claims to reflect: it is
                    // not this changelog's store (the topic was recreated), so trust none of it.
                    _logger.LogWarning(
                        "{Changelog}: the local store's checkpoint ({Checkpoint}) is past the changelog's end ({End}); wiping it and restoring everything",
                        changelog, checkpointed, high);
                    restorations[taskIndex] = restorations[taskIndex] with { Position = null };
                    tasks[taskIndex].DiscardLocalState($"checkpoint {checkpointed} past the changelog's end {high}");
                }
                else
                {
                    // Compaction may have removed records before the checkpoint's offset, never after it.
                    _logger.LogInformation(
                        "{Changelog}: the local store reflects the changelog up to {Checkpoint}; restoring {Count} of {Total} records",
                        changelog, checkpointed, high - Math.Max(low, checkpointed), high - low);
                    low = Math.Max(low, checkpointed);
                }
            }

            if (high <= low)
            {
                _metrics.Restored(0, started.Elapsed.TotalSeconds);
                continue;
            }

            partitions.Add(changelog.Partition.Value, new RestoringPartition(taskIndex, changelog, high) { Offset = low - 1 });
        }

        if (partitions.Count == 0)
        {
            LastTimings += new RestoreTimings { Setup = Stopwatch.GetElapsedTime(setupStart) };
            return;
        }

        PublishRemaining(partitions.Values);
        // From the start offsets just looked up: with Offset.Beginning the client would look each
        // one up again before its first fetch.
        _consumer.Assign(partitions.Values.Select(p => new TopicPartitionOffset(p.Changelog, p.Offset + 1)));
        var lastReport = TimeSpan.Zero;
        var open = partitions.Count;
        var now = Stopwatch.GetTimestamp();
        var setup = now - setupStart;
        long starved = 0, handing = 0, closingStart = 0;
        var fetcher = ChangelogFetcher.Start(_consumer, partitions.Count, cancellation);
        try
        {
            while (open > 0)
            {
                if (!fetcher.TryTake(out var batch, cancellation))
                {
                    throw new StreamsException($"Restoring {topic}: the restore consumer stopped with {open} partitions unread");
                }

                var taken = Stopwatch.GetTimestamp();
                starved += taken - now;
                for (var b = 0; b < batch.Count; b++)
                {
                    var result = batch.Records[b];
                    if (!partitions.TryGetValue(result.Partition.Value, out var partition) || partition.Done)
                    {
                        continue;
                    }

                    if (result.IsPartitionEOF)
                    {
                        partition.Finish(started.Elapsed);
                        _metrics.Restored(partition.Count, partition.Seconds);
                        _logger.LogInformation(
                            "Restored {Changelog}: {Count} records in {Seconds:F2} s", partition.Changelog, partition.Count, partition.Seconds);
                        open--;
                        continue;
                    }

                    var task = tasks[partition.TaskIndex];
                    var key = result.Message.Key ?? [];
                    if (ChangelogPosition.IsRuntimeKey(key))
                    {
                        if (result.Message.Value is { } value && ChangelogPosition.TryRead(key, value.Span, task.InputPartition.Topic, out var next))
                        {
                            restorations[partition.TaskIndex] = restorations[partition.TaskIndex] with { Position = next };
                        }
                    }
                    else
                    {
                        task.Restore(topic, key, result.Message.Value);
                    }

                    partition.Count++;
                    partition.Offset = result.Offset.Value;
                }

                fetcher.Return(batch);
                if (started.Elapsed - lastReport >= ProgressEvery)
                {
                    lastReport = started.Elapsed;
                    PublishRemaining(partitions.Values);
                    _logger.LogInformation(
                        "Restoring {Topic}: {Count} records, {Open} of {Partitions} partitions still reading",
                        topic, partitions.Values.Sum(p => p.Count), open, partitions.Count);
                }

                now = Stopwatch.GetTimestamp();
                handing += now - taken;
            }
        }
        finally
        {
            closingStart = Stopwatch.GetTimestamp();
            // The fetching thread lets go of the consumer before it is unassigned.
            fetcher.Dispose();
            _consumer.Unassign();
            foreach (var partition in partitions.Values)
            {
                partition.Offset = partition.End;
            }

            PublishRemaining(partitions.Values);
        }

        long total = 0;
        foreach (var partition in partitions.Values)
        {
            restorations[partition.TaskIndex] = restorations[partition.TaskIndex] with
            {
                Records = restorations[partition.TaskIndex].Records + partition.Count,
            };
            total += partition.Count;
        }

        var fetching = fetcher.Timings;
        LastTimings += new RestoreTimings(
            RestoreTimings.Ticks(setup), fetching.Consuming, fetching.Waiting, fetching.Waits, fetching.Calls, fetching.HeldBack,
            RestoreTimings.Ticks(starved), RestoreTimings.Ticks(handing), Stopwatch.GetElapsedTime(closingStart));
        span?.SetTag("streamagg.restore.partitions", partitions.Count);
        span?.SetTag("streamagg.restore.records", total);
    }

    /// <summary>
    /// The first and end offsets of every partition, by partition number: two lookups for all of them
    /// (each sent to every leader at once), where one watermark query per partition took two round
    /// trips each, one partition after the other.
    /// </summary>
    private (Dictionary<int, long> Starts, Dictionary<int, long> Ends) Watermarks(List<TopicPartition> changelogs)
    {
        if (changelogs.Count == 0)
        {
            return ([], []);
        }

        Dictionary<int, long> Lookup(long which) => _consumer
            .OffsetsForTimes(changelogs.Select(c => new TopicPartitionTimestamp(c, new Timestamp(which, TimestampType.NotAvailable))), WatermarkTimeout)
            .ToDictionary(o => o.Partition.Value, o => o.Offset.Value);

        // ListOffsets' special timestamps: -2 is the log start, -1 the end (the last stable offset for read_committed).
        return (Lookup(Offset.Beginning.Value), Lookup(Offset.End.Value));
    }

    /// <summary>
    /// The end offset (the last stable offset: what committed transactions wrote) of each
    /// partition, by partition: what a task's state reflects at a clean close right after a commit.
    /// </summary>
    public Dictionary<TopicPartition, long> EndOffsets(IReadOnlyCollection<TopicPartition> changelogs)
    {
        if (changelogs.Count == 0)
        {
            return [];
        }

        return _consumer
            .OffsetsForTimes(changelogs.Select(c => new TopicPartitionTimestamp(c, new Timestamp(Offset.End.Value, TimestampType.NotAvailable))), WatermarkTimeout)
            .ToDictionary(o => o.TopicPartition, o => o.Offset.Value);
    }

    /// <summary>The restore gauge shows how much each partition being restored has left; a finished one reads 0.</summary>
    private void PublishRemaining(IEnumerable<RestoringPartition> partitions) =>
        _metrics.PublishRestoreRemaining(
            partitions.Select(p => new PartitionReading(Math.Max(0, p.End - p.Offset - 1), _tags.Of(p.Changelog))).ToArray());

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
