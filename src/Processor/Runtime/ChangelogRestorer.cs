using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Rebuilds a task's state by reading its changelog partitions from the beginning to the end
/// (the last stable offset: only committed records count) before the task processes anything.
/// </summary>
internal sealed class ChangelogRestorer : IDisposable
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);

    private readonly IConsumer<byte[], byte[]?> _consumer;
    private readonly ILogger _logger;

    public ChangelogRestorer(ProcessorOptions options, ILogger logger)
    {
        _logger = logger;
        _consumer = new ConsumerBuilder<byte[], byte[]?>(new ConsumerConfig
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
        }).Build();
    }

    /// <summary>Feeds every committed changelog record of the task's partition to the task; returns how many.</summary>
    public long Restore(IStreamTask task, CancellationToken cancellation)
    {
        long restored = 0;
        foreach (var topic in task.ChangelogTopics)
        {
            restored += RestoreOne(task, new TopicPartition(topic, task.InputPartition.Partition), cancellation);
        }

        return restored;
    }

    private long RestoreOne(IStreamTask task, TopicPartition changelog, CancellationToken cancellation)
    {
        var started = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var watermarks = _consumer.QueryWatermarkOffsets(changelog, TimeSpan.FromSeconds(30));
        if (watermarks.High.Value <= watermarks.Low.Value)
        {
            return 0;
        }

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

                task.Restore(changelog.Topic, result.Message.Key, result.Message.Value);
                count++;
                if (started.Elapsed - lastReport >= ProgressEvery)
                {
                    lastReport = started.Elapsed;
                    _logger.LogInformation(
                        "Restoring {Changelog}: {Count} records, offset {Offset} of {End}",
                        changelog, count, result.Offset.Value, watermarks.High.Value);
                }
            }
        }
        finally
        {
            _consumer.Unassign();
        }

        _logger.LogInformation(
            "Restored {Changelog}: {Count} records in {Seconds:F2} s", changelog, count, started.Elapsed.TotalSeconds);
        return count;
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
