using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAgg.Kafka.Clients;
using StreamAgg.Processor.Observability;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// The processor's loop, in the phases of Kafka Streams' StreamThread:
/// poll → restore → process → punctuate → maybe commit. One consumer, one producer, the tasks of
/// the partitions this instance owns. The group's callbacks (StreamThread.Rebalance.cs) only
/// record newly assigned partitions; their tasks are restored in the restore phase. Failures arrive already translated by <see cref="StreamsProducer"/>:
/// a corrupted task is restored from its changelog and rewound to the committed offsets, a
/// migrated one is dropped, anything else stops the thread.
/// </summary>
internal sealed partial class StreamThread : IDisposable
{
    private readonly ProcessorOptions _options;
    private readonly IStreamTaskFactory _factory;
    private readonly IReadOnlyList<IGlobalTable> _globalTables;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly StreamsProducer _producer;
    private readonly RecordCollector _collector;
    private readonly ChangelogRestorer _restorer;
    private readonly TaskManager _tasks;
    private readonly List<ConsumeResult<byte[], byte[]>> _polled;
    private CancellationToken _cancellation;
    private DateTimeOffset _lastCommit;
    private bool _rewindNeeded;
    private bool _joined;
    // Assigned partitions whose tasks the restore phase has yet to create and restore.
    private readonly List<TopicPartition> _toRestore = [];
    private bool _assignedSinceRestore;
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private readonly ProcessorMetrics _metrics;
    private readonly PartitionSnapshots _snapshots;
    private readonly DeadLetterSummary _deadLetters;
    private readonly LoopTimings _timings = new();

    public StreamThread(
        ProcessorOptions options,
        IStreamTaskFactory factory,
        IReadOnlyList<IGlobalTable> globalTables,
        ILoggerFactory loggers,
        TimeProvider time,
        ProcessorMetrics metrics)
    {
        _metrics = metrics;
        _snapshots = new PartitionSnapshots(metrics);
        _deadLetters = new DeadLetterSummary(metrics, loggers.CreateLogger("StreamAgg.Processor.DeadLetters"));
        _options = options;
        _factory = factory;
        _globalTables = globalTables;
        _time = time;
        _logger = loggers.CreateLogger<StreamThread>();
        _polled = new List<ConsumeResult<byte[], byte[]>>(options.MaxPollRecords);
        var tracing = new CommitCycleTracing();
        _producer = new StreamsProducer(options, loggers.CreateLogger<StreamsProducer>(), metrics, time, tracing, _timings);
        _collector = new RecordCollector(_producer, tracing);
        _restorer = new ChangelogRestorer(options, loggers.CreateLogger<ChangelogRestorer>(), metrics);
        _tasks = new TaskManager(factory, _restorer, loggers.CreateLogger<TaskManager>());
        _consumer = new ConsumerBuilder<byte[], byte[]>(InputConsumerConfig.For(options))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions.Select(p => p.TopicPartition)))
            .SetErrorHandler((_, error) => _logger.LogWarning("Kafka consumer: {Reason} ({Code})", error.Reason, error.Code))
            .Build();
    }

    public StreamThreadState State { get; private set; } = StreamThreadState.Created;

    /// <summary>
    /// The next input offset of each partition as of this instance's last successful commit
    /// (its outputs are visible to read_committed readers up to there).
    /// </summary>
    public IReadOnlyDictionary<TopicPartition, long> CommittedOffsets
    {
        get
        {
            lock (_committed)
            {
                return new Dictionary<TopicPartition, long>(_committed);
            }
        }
    }

    /// <summary>Where this thread's wall time went, by phase of its loop (for benchmarks).</summary>
    public LoopTimings Timings => _timings;

    /// <summary>Partitions this instance processes now.</summary>
    public IReadOnlyList<TopicPartition> OwnedPartitions => _tasks.OwnedPartitions.ToList();

    /// <summary>Runs the loop until <paramref name="cancellation"/> fires, then commits and leaves the group.</summary>
    public void Run(CancellationToken cancellation)
    {
        _cancellation = cancellation;
        // Every line this thread logs names the instance (a scope: JSON logs carry it as a field).
        using var scope = _logger.BeginScope(new KeyValuePair<string, object>[] { new("instance", _options.InstanceId) });
        State = StreamThreadState.Starting;
        try
        {
            foreach (var table in _globalTables)
            {
                table.Bootstrap(cancellation);
            }

            _consumer.Subscribe(_factory.InputTopics);
            _lastCommit = _time.GetUtcNow();
            while (!cancellation.IsCancellationRequested)
            {
                RunOnce();
            }

            Shutdown();
            State = StreamThreadState.Stopped;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Cancelled during a restoration or the bootstrap: what the open transaction holds is void.
            _producer.Abort(AbortCause.Stopped);
            State = StreamThreadState.Stopped;
        }
        catch (Exception e)
        {
            State = StreamThreadState.Failed;
            _logger.LogError(e, "The stream thread stopped on an error");
            _producer.Abort(AbortCause.Stopped);
            throw;
        }
    }

    private void RunOnce()
    {
        try
        {
            Poll();
            if (_rewindNeeded)
            {
                Rewind();
                return;
            }

            Restore();
            Process();
            Punctuate();
            MaybeCommit();
        }
        catch (TaskCorruptedException e)
        {
            _logger.LogWarning("{Reason}: aborting, restoring state and rewinding to committed offsets", e.Message);
            _producer.Abort(AbortCause.TaskCorrupted);
            Rewind();
        }
        catch (TaskMigratedException e)
        {
            _logger.LogWarning("{Reason}: dropping tasks and rejoining the group", e.Message);
            _producer.Abort(AbortCause.TaskMigrated);
            _polled.Clear();
            _toRestore.Clear();
            _tasks.DropAll();
            _consumer.Unsubscribe();
            _consumer.Subscribe(_factory.InputTopics);
        }
    }

    /// <summary>Poll phase: take up to MaxPollRecords, waiting only for the first.</summary>
    private void Poll()
    {
        _polled.Clear();
        foreach (var table in _globalTables)
        {
            table.PollUpdates();
        }

        var timeout = _options.PollTimeout;
        var started = Stopwatch.GetTimestamp();
        while (_polled.Count < _options.MaxPollRecords)
        {
            var result = _consumer.Consume(timeout);
            if (timeout != TimeSpan.Zero)
            {
                started = _timings.Add(result is null ? LoopPhase.PollEmpty : LoopPhase.PollWait, started);
            }

            if (result is null || _rewindNeeded)
            {
                break;
            }

            if (!result.IsPartitionEOF)
            {
                _polled.Add(result);
            }

            timeout = TimeSpan.Zero;
            if (_toRestore.Count > 0)
            {
                // A new assignment ends the poll: its tasks are restored before anything else.
                break;
            }
        }

        if (timeout == TimeSpan.Zero)
        {
            _timings.Add(LoopPhase.PollTake, started);
        }
    }

    /// <summary>
    /// Process phase: hand each record to the task of its partition, in offset order. Records of a
    /// partition without a task are skipped (revoked, or lost, while the poll ran).
    /// </summary>
    private void Process()
    {
        var started = Stopwatch.GetTimestamp();
        // A poll returns runs of records of one partition (a fetched batch each): one task lookup
        // and one offset update per run, not per record (ConsumeResult.TopicPartition allocates).
        var start = 0;
        while (start < _polled.Count)
        {
            var first = _polled[start];
            var end = start + 1;
            while (end < _polled.Count && _polled[end].Partition == first.Partition && _polled[end].Topic == first.Topic)
            {
                end++;
            }

            var partition = first.TopicPartition;
            if (_tasks.TryGet(partition, out var task))
            {
                for (var i = start; i < end; i++)
                {
                    task.Process(_polled[i], _collector);
                }

                _tasks.MarkProcessed(partition, _polled[end - 1].Offset.Value);
            }

            start = end;
        }

        _polled.Clear();
        _timings.Add(LoopPhase.Process, started);
    }

    /// <summary>Punctuate phase: session timeouts and other scheduled work, handed the wall clock.</summary>
    private void Punctuate()
    {
        var started = Stopwatch.GetTimestamp();
        var now = _time.GetUtcNow();
        foreach (var task in _tasks.Tasks)
        {
            task.Punctuate(now, _collector);
        }

        _timings.Add(LoopPhase.Punctuate, started);
    }

    /// <summary>
    /// Commits once per commit interval, never sooner, even when a poll finds nothing more to
    /// read: outputs are coalesced per commit, and the contract is at most one update per key per
    /// commit interval (docs/topics.md). Committing on catching up would cut the latency at low
    /// rates but let a key that gets two events a few hundred milliseconds apart publish twice.
    /// </summary>
    private void MaybeCommit()
    {
        var now = _time.GetUtcNow();
        if (now - _lastCommit >= _options.CommitInterval)
        {
            Commit();
            var started = Stopwatch.GetTimestamp();
            _snapshots.AfterCommit(_consumer, _tasks.Tasks, now);
            _deadLetters.MaybeLog(now);
            _timings.Add(LoopPhase.Gauges, started);
        }
    }

    private void Shutdown()
    {
        _logger.LogInformation("Shutting down: committing and leaving the group");
        Commit();
        // Leaving at once (the revoke handler commits nothing new) moves the partitions to the
        // other instances without waiting for the session timeout.
        _consumer.Close();
    }

    public void Dispose()
    {
        _tasks.Dispose();
        _consumer.Dispose();
        _producer.Dispose();
        _restorer.Dispose();
        foreach (var table in _globalTables)
        {
            table.Dispose();
        }
    }
}
