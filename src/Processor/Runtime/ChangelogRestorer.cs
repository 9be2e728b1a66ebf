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
        var partitions = new Dictionary<int, RestoringPartition>();
        for (var i = 0; i < tasks.Count; i++)
        {
            if (!tasks[i].ChangelogTopics.Contains(topic))
            {
                continue;
            }

            var changelog = new TopicPartition(topic, tasks[i].InputPartition.Partition);
            var watermarks = _consumer.QueryWatermarkOffsets(changelog, TimeSpan.FromSeconds(30));
            if (watermarks.High.Value <= watermarks.Low.Value)
            {
                _metrics.Restored(0, started.Elapsed.TotalSeconds);
                continue;
            }

            partitions.Add(changelog.Partition.Value, new RestoringPartition(i, changelog, watermarks.High.Value) { Offset = watermarks.Low.Value - 1 });
        }

        if (partitions.Count == 0)
        {
            LastTimings += new RestoreTimings { Setup = Stopwatch.GetElapsedTime(setupStart) };
            return;
        }

        PublishRemaining(partitions.Values);
        _consumer.Assign(partitions.Values.Select(p => new TopicPartitionOffset(p.Changelog, Offset.Beginning)));
        var lastReport = TimeSpan.Zero;
        var open = partitions.Count;
        var now = Stopwatch.GetTimestamp();
        var setup = now - setupStart;
        long inConsume = 0, waiting = 0, waits = 0, calls = 0, handing = 0, closingStart = 0;
        try
        {
            while (open > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                var consuming = Stopwatch.GetTimestamp();
                handing += consuming - now;
                var result = _consumer.Consume(TimeSpan.FromMilliseconds(500));
                now = Stopwatch.GetTimestamp();
                calls++;
                inConsume += now - consuming;
                if (now - consuming >= RestoreTimings.WaitThresholdTicks)
                {
                    waits++;
                    waiting += now - consuming;
                }

                if (result is null || !partitions.TryGetValue(result.Partition.Value, out var partition) || partition.Done)
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
                if (started.Elapsed - lastReport >= ProgressEvery)
                {
                    lastReport = started.Elapsed;
                    PublishRemaining(partitions.Values);
                    _logger.LogInformation(
                        "Restoring {Topic}: {Count} records, {Open} of {Partitions} partitions still reading",
                        topic, partitions.Values.Sum(p => p.Count), open, partitions.Count);
                }
            }
        }
        finally
        {
            closingStart = Stopwatch.GetTimestamp();
            handing += closingStart - now;
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

        LastTimings += new RestoreTimings(
            RestoreTimings.Ticks(setup), RestoreTimings.Ticks(inConsume), RestoreTimings.Ticks(waiting), waits, calls,
            RestoreTimings.Ticks(handing), Stopwatch.GetElapsedTime(closingStart));
        span?.SetTag("streamagg.restore.partitions", partitions.Count);
        span?.SetTag("streamagg.restore.records", total);
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
