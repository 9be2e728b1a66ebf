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
    /// Feeds every committed changelog record of the task's partition to the task; returns how
    /// many, and the next input offset the restored state stands at when the changelog holds one.
    /// </summary>
    public ChangelogRestoration Restore(IStreamTask task, CancellationToken cancellation)
    {
        long restored = 0;
        long? position = null;
        foreach (var topic in task.ChangelogTopics)
        {
            restored += RestoreOne(task, new TopicPartition(topic, task.InputPartition.Partition), ref position, cancellation);
        }

        return new ChangelogRestoration(restored, position);
    }

    private long RestoreOne(IStreamTask task, TopicPartition changelog, ref long? position, CancellationToken cancellation)
    {
        var started = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        using var span = ProcessorTracing.Source.StartActivity("restore");
        span?.SetTag("messaging.destination.name", changelog.Topic);
        span?.SetTag("messaging.destination.partition.id", changelog.Partition.Value);
        var watermarks = _consumer.QueryWatermarkOffsets(changelog, TimeSpan.FromSeconds(30));
        if (watermarks.High.Value <= watermarks.Low.Value)
        {
            _metrics.Restored(0, started.Elapsed.TotalSeconds);
            return 0;
        }

        PublishRemaining(changelog, watermarks.High.Value - watermarks.Low.Value);

        long count = 0;
        _consumer.Assign(new TopicPartitionOffset(changelog, Offset.Beginning));
        try
        {
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                var result = _consumer.Consume(TimeSpan.FromMilliseconds(500));
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    break;
                }

                var key = result.Message.Key ?? [];
                if (ChangelogPosition.IsRuntimeKey(key))
                {
                    if (result.Message.Value is { } value && ChangelogPosition.TryRead(key, value.Span, task.InputPartition.Topic, out var next))
                    {
                        position = next;
                    }
                }
                else
                {
                    task.Restore(changelog.Topic, key, result.Message.Value);
                }

                count++;
                if (started.Elapsed - lastReport >= ProgressEvery)
                {
                    lastReport = started.Elapsed;
                    PublishRemaining(changelog, watermarks.High.Value - result.Offset.Value - 1);
                    _logger.LogInformation(
                        "Restoring {Changelog}: {Count} records, offset {Offset} of {End}",
                        changelog, count, result.Offset.Value, watermarks.High.Value);
                }
            }
        }
        finally
        {
            _consumer.Unassign();
            PublishRemaining(changelog, 0);
        }

        _metrics.Restored(count, started.Elapsed.TotalSeconds);
        span?.SetTag("streamagg.restore.records", count);

        _logger.LogInformation(
            "Restored {Changelog}: {Count} records in {Seconds:F2} s", changelog, count, started.Elapsed.TotalSeconds);
        return count;
    }

    /// <summary>The restore gauge shows the partition being restored now; a finished one reads 0.</summary>
    private void PublishRemaining(TopicPartition changelog, long remaining) =>
        _metrics.PublishRestoreRemaining([new PartitionReading(Math.Max(0, remaining), _tags.Of(changelog))]);

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
