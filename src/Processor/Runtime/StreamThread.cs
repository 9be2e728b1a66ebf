using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAgg.Kafka.Clients;
using StreamAgg.Processor.Observability;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// The processor's loop, in the phases of Kafka Streams' StreamThread:
/// poll → process → punctuate → maybe commit. One consumer, one producer, the tasks of the
/// partitions this instance owns. Failures arrive already translated by <see cref="StreamsProducer"/>:
/// a corrupted task is restored from its changelog and rewound to the committed offsets, a
/// migrated one is dropped, anything else stops the thread.
/// </summary>
internal sealed class StreamThread : IDisposable
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
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.ApplicationId,
            ClientId = $"{options.ApplicationId}-{options.InstanceId}-consumer",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            // The input may itself be written transactionally (the repartition topic).
            IsolationLevel = IsolationLevel.ReadCommitted,
            SessionTimeoutMs = (int)options.SessionTimeout.TotalMilliseconds,
            HeartbeatIntervalMs = (int)Math.Max(100, options.SessionTimeout.TotalMilliseconds / 5),
            // Each field the client marshals costs a native call and objects per record. Tasks
            // use the topic (which task, dead-letter sources); only re-keying forwards headers;
            // nothing reads the record timestamp (event time is in the event).
            ConsumeResultFields = options.RekeyInput ? "topic,headers" : "topic",
        })
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
            // Cancelled during start-up (restoration or bootstrap): nothing was processed to commit.
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
                RewindAndRestore();
                return;
            }

            Process();
            Punctuate();
            MaybeCommit();
        }
        catch (TaskCorruptedException e)
        {
            _logger.LogWarning("{Reason}: aborting, restoring state and rewinding to committed offsets", e.Message);
            _producer.Abort(AbortCause.TaskCorrupted);
            RewindAndRestore();
        }
        catch (TaskMigratedException e)
        {
            _logger.LogWarning("{Reason}: dropping tasks and rejoining the group", e.Message);
            _producer.Abort(AbortCause.TaskMigrated);
            _polled.Clear();
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
        }

        if (timeout == TimeSpan.Zero)
        {
            _timings.Add(LoopPhase.PollTake, started);
        }

        // Ready once the group has handed out partitions and ours are restored, even when ours
        // are none (more instances than input partitions): an idle member is healthy, not stuck.
        if (State == StreamThreadState.Starting && (_joined || _consumer.Assignment.Count > 0))
        {
            State = StreamThreadState.Running;
        }
    }

    /// <summary>Process phase: hand each record to the task of its partition, in offset order.</summary>
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

        _tasks.ClearCommitted();
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

    /// <summary>Restores the new partitions' tasks, then starts each where its state stands.</summary>
    private List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        _logger.LogInformation("Assigned {Partitions}", string.Join(", ", partitions.Select(p => $"{p.Topic}/{p.Partition.Value}")));
        using var span = ProcessorTracing.Source.StartActivity("rebalance assign");
        span?.SetTag("streamagg.partitions", partitions.Count);
        var positions = _tasks.Assign(partitions, _cancellation);
        _joined = true;
        return ResumeOffsets(partitions, positions);
    }

    /// <summary>
    /// Where each partition resumes: the group's committed offset, or the position the restored
    /// changelog recorded when that is further (the transaction that wrote it committed, but the
    /// group's offsets did not follow).
    /// </summary>
    private List<TopicPartitionOffset> ResumeOffsets(List<TopicPartition> partitions, Dictionary<TopicPartition, long> positions)
    {
        var committed = partitions.Count == 0 ? [] : _consumer.Committed(partitions, TimeSpan.FromSeconds(30));
        var resume = new List<TopicPartitionOffset>(committed.Count);
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
                // an offset query: in about half the bench runs that took 500 ms from the assignment
                // to the first fetch. A fetch at 0 starts at once; auto.offset.reset (earliest)
                // covers a partition whose first records are gone.
                offset = new Offset(0);
            }

            resume.Add(new TopicPartitionOffset(group.TopicPartition, offset));
        }

        return resume;
    }

    private void OnRevoked(IEnumerable<TopicPartition> partitions)
    {
        var revoked = partitions.ToList();
        _logger.LogInformation("Revoked {Partitions}", string.Join(", ", revoked.Select(p => $"{p.Topic}/{p.Partition.Value}")));
        using var span = ProcessorTracing.Source.StartActivity("rebalance revoke");
        span?.SetTag("streamagg.partitions", revoked.Count);
        try
        {
            // Everything processed so far is committed before the partitions move, so the next
            // owner starts exactly where we stopped.
            Commit();
        }
        catch (Exception e) when (e is TaskCorruptedException or TaskMigratedException)
        {
            _logger.LogWarning("Commit on revocation failed ({Reason}); aborting", e.Message);
            _producer.Abort(AbortCause.RevocationCommitFailed);
            _rewindNeeded = true;
        }

        _tasks.Drop(revoked);
    }

    private void OnLost(IEnumerable<TopicPartition> partitions)
    {
        var lost = partitions.ToList();
        _logger.LogWarning("Lost {Partitions}: aborting, restoring the rest and rewinding", string.Join(", ", lost.Select(p => $"{p.Topic}/{p.Partition.Value}")));
        // Another instance owns them already: our uncommitted work for them is void.
        _producer.Abort(AbortCause.PartitionsLost);
        _tasks.Drop(lost);
        _rewindNeeded = true;
    }

    /// <summary>After an abort: rebuild every task from its changelog and seek to where its state stands.</summary>
    private void RewindAndRestore()
    {
        _rewindNeeded = false;
        _polled.Clear();
        var owned = _tasks.DropAll();
        if (owned.Count == 0)
        {
            return;
        }

        var positions = _tasks.Assign(owned, _cancellation);
        foreach (var offset in ResumeOffsets(owned, positions))
        {
            _consumer.Seek(offset);
        }

        _lastCommit = _time.GetUtcNow();
    }

    private void Shutdown()
    {
        _logger.LogInformation("Shutting down: committing and leaving the group");
        Commit();
        // Leaving at once (the revoke handler commits nothing new) moves the partitions to the
        // other instances without waiting for the session timeout. Unsubscribing first avoids
        // librdkafka 2.0.2's hang when an assignment arrives while a cooperative consumer closes.
        _consumer.UnsubscribeAndClose(TimeSpan.FromSeconds(10));
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
