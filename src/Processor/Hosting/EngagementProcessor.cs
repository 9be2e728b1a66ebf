using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAgg.Processor.Engagement;
using StreamAgg.Processor.Observability;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Hosting;

/// <summary>
/// One processor instance: the stream thread that turns player events into engagement rows,
/// heatmap deltas and dead letters. <see cref="RunAsync"/> runs it on a dedicated thread (the
/// Kafka client blocks) until cancelled, then commits and leaves the group.
/// </summary>
public sealed class EngagementProcessor
{
    private readonly ProcessorOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private StreamThread? _thread;

    /// <summary>Creates an instance; nothing connects until <see cref="RunAsync"/>.</summary>
    /// <param name="options">Its settings.</param>
    /// <param name="loggers">Where it logs.</param>
    /// <param name="time">Its clock (session timeouts of quiet partitions, commit intervals).</param>
    /// <param name="metrics">Its instruments; a new set (on a meter of its own) when null.</param>
    public EngagementProcessor(ProcessorOptions options, ILoggerFactory loggers, TimeProvider? time = null, ProcessorMetrics? metrics = null)
    {
        _options = options;
        _loggers = loggers;
        _time = time ?? TimeProvider.System;
        Metrics = metrics ?? new ProcessorMetrics();
    }

    /// <summary>This instance's instruments (meter <see cref="ProcessorMetrics.MeterName"/>).</summary>
    public ProcessorMetrics Metrics { get; }

    /// <summary>
    /// Ready to serve: every assigned task restored from its changelog and the group joined
    /// (the stream thread is <see cref="StreamThreadState.Running"/>).
    /// </summary>
    public bool IsReady => State == StreamThreadState.Running;

    /// <summary>Where the instance is in its life (readiness: <see cref="StreamThreadState.Running"/>).</summary>
    public StreamThreadState State => _thread?.State ?? StreamThreadState.Created;

    /// <summary>Next input offset per partition as of this instance's last commit.</summary>
    public IReadOnlyDictionary<TopicPartition, long> CommittedOffsets => _thread?.CommittedOffsets ?? new Dictionary<TopicPartition, long>();

    /// <summary>The topics this instance consumes: the player events, and the repartition topic when it re-keys.</summary>
    public IReadOnlyList<string> InputTopics => EngagementTopology.InputTopicsFor(_options);

    /// <summary>Where the stream thread's wall time went, by phase of its loop; null before it starts.</summary>
    internal LoopTimings? Timings => _thread?.Timings;

    /// <summary>Input partitions this instance processes now.</summary>
    public IReadOnlyList<TopicPartition> OwnedPartitions => _thread?.OwnedPartitions ?? [];

    /// <summary>Runs until <paramref name="cancellation"/> fires; faults with the error that stopped it.</summary>
    public Task RunAsync(CancellationToken cancellation)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var videos = new VideoMetadataTable(_options, _loggers.CreateLogger<VideoMetadataTable>());
                var topology = new EngagementTopology(_options, videos, _time, Metrics);
                using (var streamThread = new StreamThread(_options, topology, [videos], _loggers, _time, Metrics))
                {
                    _thread = streamThread;
                    streamThread.Run(cancellation);
                }

                // Only now: every Kafka client is closed, so whoever awaits this may take the
                // cluster away without leaving a client behind that still talks to it.
                completion.SetResult();
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        {
            Name = $"streamagg-processor-{_options.InstanceId}",
            IsBackground = true,
        };
        thread.Start();
        return completion.Task;
    }
}
