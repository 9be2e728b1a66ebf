using Microsoft.Extensions.Time.Testing;
using Confluent.Kafka;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Videos;
using StreamAgg.Processor.Engagement;
using StreamAgg.Processor.Runtime;
using StreamAgg.Processor.State;
using StreamAgg.Wire;

namespace StreamAgg.Processor.TestDriver;

/// <summary>
/// Drives one task of the processor the way the stream thread does, without Kafka and on a fake
/// clock (Kafka's TopologyTestDriver in spirit): <see cref="PipeInput"/> is one turn of the loop
/// with one record (process, then punctuate at the current wall clock), <see cref="PipeInputs"/> one
/// turn with a whole poll of records, <see cref="AdvanceWallClock"/> moves the clock and punctuates, <see cref="Commit"/> flushes the task. Everything the task
/// sends is captured in order and read back per topic (see the <c>Read…</c> methods).
/// Deterministic: nothing here reads the real clock or waits.
/// </summary>
public sealed partial class ProcessorTestDriver : IDisposable
{
    // After every scenario's events: records are stamped with this clock, and an event dated
    // more than the allowed clock skew after its record is a dead letter.

    /// <summary>Where the fake clock starts unless told otherwise.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Func<TopicPartition, IStreamTask> _createTask;
    private readonly TopicPartition _input;
    private readonly RecordCapture _capture = new();
    private long _nextOffset;

    /// <summary>A driver over the task <paramref name="factory"/> builds for <paramref name="input"/>.</summary>
    internal ProcessorTestDriver(IStreamTaskFactory factory, TopicPartition input, FakeTimeProvider time)
        : this(factory.Create, input, time)
    {
    }

    private ProcessorTestDriver(Func<TopicPartition, IStreamTask> createTask, TopicPartition input, FakeTimeProvider time)
    {
        _createTask = createTask;
        _input = input;
        Time = time;
        Task = createTask(input);
    }

    /// <summary>
    /// A driver over one engagement task (partition <paramref name="partition"/> of the player
    /// events), with the rules, video catalog and heatmap salt given, and a fake clock at
    /// <paramref name="start"/> (default <see cref="DefaultStart"/>), the clock-skew limit
    /// <paramref name="maxClockSkew"/> (default: the processor's), and <paramref name="closeIdleAfter"/>,
    /// the processor's <c>--close-idle-after</c> (null: off). With <paramref name="stateDirectory"/>
    /// the task keeps its state beyond memory there, as <c>--state-dir</c> with
    /// <paramref name="stateCacheBytes"/> for <c>--state-cache-mb</c> (0 sends every finished key to disk at each commit).
    /// </summary>
    public static ProcessorTestDriver ForEngagement(
        EngagementOptions? options = null,
        IVideoCatalog? videos = null,
        string? heatmapSalt = null,
        int partition = 0,
        DateTimeOffset? start = null,
        TimeSpan? maxClockSkew = null,
        TimeSpan? closeIdleAfter = null,
        string? stateDirectory = null,
        long stateCacheBytes = ProcessorOptions.DefaultStateCacheBytes)
    {
        var time = new FakeTimeProvider(start ?? DefaultStart);
        EngagementOptions rules = options ?? EngagementOptions.Default;
        IVideoCatalog catalog = videos ?? new VideoCatalog();
        // As EngagementTopology builds it, over a catalog the test fills instead of the video-metadata topic.
        return new ProcessorTestDriver(
            input => new EngagementTask(
                input, rules, heatmapSalt, catalog, time, maxClockSkew: maxClockSkew, closeIdleAfter: closeIdleAfter,
                localState: stateDirectory is null ? null : new LocalStateOptions(stateDirectory, "test-driver", "driver", new StateCacheBudget(stateCacheBytes))),
            new TopicPartition(TopicNames.PlayerEvents, partition),
            time);
    }

    /// <summary>The task being driven (replaced by <see cref="RestoreFrom"/>).</summary>
    internal IStreamTask Task { get; private set; }

    /// <summary>The wall clock the task is handed.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>
    /// The input offset the next piped record gets (it starts at 0). Set it to continue where
    /// another driver's task stopped, as a restored task resumes at the committed offset.
    /// </summary>
    public long NextInputOffset
    {
        get => _nextOffset;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _nextOffset = value;
        }
    }

    /// <summary>Commits completed so far.</summary>
    public int CommitCount => _capture.Commits;

    /// <summary>
    /// One turn of the stream thread's loop with one input record: the task processes it, then
    /// punctuates at the current wall clock. Nothing is committed. The record's Kafka timestamp
    /// is <paramref name="timestamp"/>, or the wall clock; the task reads event time from the value.
    /// </summary>
    public void PipeInput(byte[]? key, byte[]? value, DateTimeOffset? timestamp = null)
    {
        Process(key, value, timestamp);
        Task.Punctuate(Time.GetUtcNow(), _capture);
    }

    /// <summary>
    /// One turn of the loop with a whole poll of records: the task processes them all in order,
    /// then punctuates once, as the stream thread does after each poll. Kafka timestamps are the wall clock.
    /// </summary>
    public void PipeInputs(IEnumerable<(byte[]? Key, byte[]? Value)> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach ((byte[]? key, byte[]? value) in records)
        {
            Process(key, value, null);
        }

        Task.Punctuate(Time.GetUtcNow(), _capture);
    }

    private void Process(byte[]? key, byte[]? value, DateTimeOffset? timestamp)
    {
        var record = new ConsumeResult<byte[], byte[]>
        {
            Topic = _input.Topic,
            Partition = _input.Partition,
            Offset = new Offset(_nextOffset++),
            Message = new Message<byte[], byte[]>
            {
                // Kafka hands null keys and values to the task as null, whatever the type says.
                Key = key!,
                Value = value!,
                Timestamp = new Timestamp(timestamp ?? Time.GetUtcNow()),
                Headers = [],
            },
        };
        Task.Process(record, _capture);
    }

    /// <summary>Moves the wall clock forward, then punctuates the task (a turn of the loop with no input).</summary>
    public void AdvanceWallClock(TimeSpan by)
    {
        Time.Advance(by);
        Task.Punctuate(Time.GetUtcNow(), _capture);
    }

    /// <summary>The commit phase: the task flushes what it coalesced. Returns the records of this commit.</summary>
    public IReadOnlyList<CapturedRecord> Commit()
    {
        int first = _capture.Records.Count;
        Task.Flush(_capture);
        _capture.MarkCommitted();
        return _capture.Records.Skip(first).ToList();
    }

    /// <summary>
    /// Replaces the task with a fresh one restored from <paramref name="changelog"/> (records of
    /// another driver, or of this one), as the runtime does on a new assignment: records of the
    /// task's changelog topics and partition are applied in order, others ignored. Returns how
    /// many were applied. What this driver captured so far is kept.
    /// </summary>
    public int RestoreFrom(IEnumerable<CapturedRecord> changelog)
    {
        ArgumentNullException.ThrowIfNull(changelog);
        Task.Dispose();
        Task = _createTask(_input);
        int applied = 0;
        foreach (CapturedRecord record in changelog)
        {
            if (!Task.ChangelogTopics.Contains(record.Topic)
                || (record.Partition is int p && p != _input.Partition.Value))
            {
                continue;
            }

            Task.Restore(record.Topic, record.Key ?? [], record.Value is { } value ? value : (ReadOnlyMemory<byte>?)null);
            applied++;
        }

        return applied;
    }

    /// <summary>
    /// Restores the current task from <paramref name="changelog"/> as the restorer does when the
    /// task has a local store: from the offset after what its checkpoint says it reflects (the
    /// offset of a record is its index among the records of the task's changelog partition), or
    /// from the start. Returns how many records were applied.
    /// </summary>
    public int RestoreTail(IEnumerable<CapturedRecord> changelog)
    {
        ArgumentNullException.ThrowIfNull(changelog);
        string topic = Task.ChangelogTopics[0];
        long from = Task.LocalStateOffset(topic) ?? 0;
        long offset = 0;
        int applied = 0;
        foreach (CapturedRecord record in changelog)
        {
            if (record.Topic != topic || (record.Partition is int p && p != _input.Partition.Value))
            {
                continue;
            }

            if (offset++ >= from)
            {
                Task.Restore(record.Topic, record.Key ?? [], record.Value is { } value ? value : (ReadOnlyMemory<byte>?)null);
                applied++;
            }
        }

        return applied;
    }

    /// <summary>
    /// A clean close right after a commit, as on a revocation: the task's local store records that
    /// it reflects <paramref name="changelogEnd"/> records of its changelog and the input up to
    /// <see cref="NextInputOffset"/>, then the task is disposed. Nothing happens to a task without a local store but the disposal.
    /// </summary>
    public void CloseCleanly(long changelogEnd)
    {
        Task.Checkpoint(Task.ChangelogTopics[0], changelogEnd, _nextOffset);
        Task.Dispose();
    }

    /// <summary>Disposes the task.</summary>
    public void Dispose() => Task.Dispose();
}
