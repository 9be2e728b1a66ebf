using System.Buffers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Processor.Observability;
using StreamAgg.Processor.Runtime;
using StreamAgg.Processor.State;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Engagement;

/// <summary>
/// The engagement work of one input partition: parses each player event, applies it with the
/// pure core, and at each commit hands over the newest row of every key that changed (one per
/// key per interval), the changelog record of its state, and one heatmap delta per (video, day)
/// credited in the interval; dead letters go out as they occur. Deltas and state leave in the same
/// transaction, so a restored task re-credits exactly what was never committed.
/// Session timeouts run on stream time, and on the wall clock once the partition is idle.
/// </summary>
internal sealed class EngagementTask : IStreamTask, IEngagementOutput, IStateSize, IStoreFlushListener<EngagementKey, EngagementKeyState>
{
    private readonly TopicPartition _changelog;
    private readonly PlayerEventParser _parser = new();
    private readonly EngagementEngine _engine;
    private readonly EventIngest _ingest;
    // The per-key states: written through to memory, logged to the changelog at each commit.
    private readonly IChangelogStore<EngagementKey, EngagementKeyState> _store;
    // Null when every state is held in memory (no --state-dir).
    private readonly EngagementLocalState? _local;
    private readonly HeatmapAccumulator _heatmap;
    // The flush serializes every output into these and the producer copies the bytes, so a
    // commit allocates no arrays per record.
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    // Room a plain row gets; a longer one (a long title) goes through the JSON writer.
    private const int PlainRowRoom = 2048;
    private readonly Utf8JsonWriter _json;
    private readonly ArrayBufferWriter<byte> _keyBuffer = new(128);
    private readonly Utf8JsonWriter _keyJson;
    private readonly TimeProvider _time;
    private readonly ProcessorMetrics _metrics;
    private readonly TaskCounts _counts = new();
    private long _openSessions;
    private long _evictedCounted;
    private long _loadedCounted;
    private long _latencyFromMs = long.MinValue;
    private bool _measureLatency;
    private long _flushNowMs;
    private long _streamTimeMs = long.MinValue;
    private DateTimeOffset _lastArrival;
    private bool _arrivedSincePunctuate;
    private readonly TimeSpan? _closeIdleAfter;
    // Stream time plus this is past the deadline of every session the task holds.
    private readonly long _pastEverySessionMs;

    // maxClockSkew: how far an event's time may be ahead of its record's timestamp
    // (SEMANTICS.md §1); null for ProcessorOptions.DefaultMaxClockSkew.
    public EngagementTask(
        TopicPartition input,
        EngagementOptions options,
        string? heatmapSalt,
        IVideoCatalog videos,
        TimeProvider time,
        ProcessorMetrics? metrics = null,
        TimeSpan? maxClockSkew = null,
        TimeSpan? closeIdleAfter = null,
        LocalStateOptions? localState = null)
    {
        _time = time;
        _closeIdleAfter = closeIdleAfter;
        _pastEverySessionMs = (long)options.SessionTimeout.TotalMilliseconds + 1;
        _metrics = metrics ?? ProcessorMetrics.Unobserved;
        // Streaming keeps only what was credited since the last commit: the sketches of record
        // are PostgreSQL's, which the sink merges the deltas into.
        _heatmap = new HeatmapAccumulator(HllSettings.Default, heatmapSalt, HeatmapTracking.Deltas);
        InputPartition = input;
        _changelog = new TopicPartition(TopicNames.EngagementStateChangelog, input.Partition);
        _engine = new EngagementEngine(options, videos, this);
        _ingest = new EventIngest(_parser, _engine, maxClockSkew ?? ProcessorOptions.DefaultMaxClockSkew);
        if (localState is not null)
        {
            _local = new EngagementLocalState(localState, _changelog, _engine);
            // What a restoration of the whole changelog would have found in the keys the
            // checkpoint spares it: their open sessions and the newest event time.
            foreach (var open in _local.OpenKeysLoaded)
            {
                CountRestoredSession(false, IsOpen(open));
            }

            _streamTimeMs = _local.Checkpoint?.StreamTimeMs ?? long.MinValue;
        }

        _store = EngagementStores.Create(_engine, _changelog, _parser.Strings, this, _local);
        _json = new Utf8JsonWriter(_buffer, DeadLetterJson.WriterOptions);
        _keyJson = new Utf8JsonWriter(_keyBuffer);
        _lastArrival = time.GetUtcNow();
    }

    public TopicPartition InputPartition { get; }

    public IReadOnlyList<string> ChangelogTopics { get; } = [TopicNames.EngagementStateChangelog];

    /// <summary>Keys held by this task.</summary>
    public int KeyCount => _store.Count;

    /// <summary>The task's local store (null without <c>--state-dir</c>).</summary>
    internal EngagementLocalState? LocalState => _local;

    public long? LocalStateOffset(string changelogTopic) => _local?.Checkpoint?.ChangelogOffset;

    public long? LocalStatePosition => _local?.Checkpoint?.InputPosition;

    public void DiscardLocalState(string why)
    {
        if (_local is null)
        {
            return;
        }

        _local.Discard(why);
        _counts.OpenedMinusClosed -= _openSessions;
        _openSessions = 0;
        _streamTimeMs = long.MinValue;
    }

    public void Checkpoint(string changelogTopic, long changelogEnd, long? inputPosition)
    {
        // Only a state the changelog holds entirely may be checkpointed.
        if (_local is null || _store.HasUnloggedChanges)
        {
            return;
        }

        _local.WriteCheckpoint(changelogEnd, inputPosition, _streamTimeMs == long.MinValue ? null : _streamTimeMs);
    }

    public void Restore(string changelogTopic, byte[] key, ReadOnlyMemory<byte>? value)
    {
        // The changelog holds every version of a key: count the open session of the last one.
        _store.Restore(key, value, out var replaced, out var restored);
        var wasOpen = replaced is not null && IsOpen(replaced);
        if (restored is null)
        {
            CountRestoredSession(wasOpen, false);
            return;
        }

        CountRestoredSession(wasOpen, IsOpen(restored));
        _streamTimeMs = Math.Max(_streamTimeMs, restored.MaxTimestampMs);
    }

    public void Process(ConsumeResult<byte[], byte[]> record, IRecordCollector output)
    {
        _local?.Cache.EnsureWatched();
        _counts.Consumed++;
        var timestamp = record.Message.Timestamp;
        var recordTimestampMs = timestamp.Type == TimestampType.NotAvailable ? EventIngest.NoRecordTimestamp : timestamp.UnixTimestampMs;
        switch (_ingest.Ingest(record.Message.Value ?? [], recordTimestampMs, out var reason, out var eventTimestampMs))
        {
            case IngestOutcome.Applied:
                _counts.Applied++;
                // Only applied events move stream time and count as activity: a duplicate
                // with a later timestamp, or a stream of junk, must not close sessions early
                // or keep a quiet partition from closing them, and a task restored from its
                // changelog (which holds applied events only) must agree with this one.
                _arrivedSincePunctuate = true;
                if (eventTimestampMs > _streamTimeMs)
                {
                    _streamTimeMs = eventTimestampMs;
                    // Closing on stream time here, between records, rather than once per
                    // poll, makes what closes when independent of where polls split, so a
                    // replay after an abort decides exactly as the first run did.
                    _engine.CloseIdleSessions(_streamTimeMs, finalizePending: true);
                }

                break;
            case IngestOutcome.Duplicate:
                _counts.Duplicates++;
                break;
            default:
                if (reason == DeadLetterReason.Late)
                {
                    _counts.Late++;
                }

                _counts.DeadLettered[(int)reason]++;
                SendDeadLetter(record, reason, reason == DeadLetterReason.InternalError ? _ingest.LastFailure : null, output);
                break;
        }
    }

    public void Punctuate(DateTimeOffset now, IRecordCollector output)
    {
        _local?.Cache.EnsureWatched();
        if (_arrivedSincePunctuate)
        {
            _arrivedSincePunctuate = false;
            _lastArrival = now;
        }

        if (_streamTimeMs == long.MinValue)
        {
            return;
        }

        // Stream time closes sessions; a partition that went quiet has no stream time to move,
        // so its time is carried forward by the wall-clock time it has been idle.
        var idle = now - _lastArrival;
        var effective = idle > TimeSpan.Zero ? _streamTimeMs + (long)idle.TotalMilliseconds : _streamTimeMs;
        if (idle >= _closeIdleAfter)
        {
            // The operator's --close-idle-after: quiet this long, every session closes now.
            effective = Math.Max(effective, _streamTimeMs + _pastEverySessionMs);
        }

        // Closing also finalizes the key's pending events, so its last credits reach the heatmap.
        _engine.CloseIdleSessions(effective, finalizePending: true);
    }

    public void Flush(IRecordCollector output)
    {
        _measureLatency = _metrics.LatencyEnabled;
        _flushNowMs = _measureLatency ? _time.GetUtcNow().ToUnixTimeMilliseconds() : 0;
        // The newest row of every key that changed, each followed by its changelog record.
        _store.Flush(output);
        if (_local is not null)
        {
            _counts.Evicted += _local.Cache.Evicted - _evictedCounted;
            _counts.Loaded += _local.Cache.Loaded - _loadedCounted;
            (_evictedCounted, _loadedCounted) = (_local.Cache.Evicted, _local.Cache.Loaded);
        }

        _latencyFromMs = _streamTimeMs;

        // Deltas go straight from the accumulator into wire bytes: building them as objects
        // first (a sketch per changed second) was most of what a commit allocated.
        _buffer.ResetWrittenCount();
        while (_heatmap.TryDrainNextDelta(_buffer, out var videoId, out var day, out var seconds))
        {
            _keyBuffer.ResetWrittenCount();
            _keyJson.Reset(_keyBuffer);
            HeatmapDeltaKeyCodec.Write(videoId, day, _keyJson);
            output.Send(TopicNames.HeatmapDeltas, _keyBuffer.WrittenSpan, _buffer.WrittenSpan);
            _counts.Cells += seconds;
            _buffer.ResetWrittenCount();
        }

        _metrics.Add(_counts);
    }

    public void OnFlushed(in EngagementKey key, ReadOnlySpan<byte> encodedKey, EngagementKeyState? state, IRecordCollector output)
    {
        var row = _engine.BuildRow(key);
        output.Send(TopicNames.Engagement, encodedKey, WriteRow(row));
        _counts.Rows++;
        // Only rows that carry an event newer than the last flush's stream time: a row changed by
        // a session close alone would measure the timeout, not the pipeline.
        if (_measureLatency && state is not null && state.MaxTimestampMs > _latencyFromMs)
        {
            _metrics.EndToEndLatency((_flushNowMs - state.MaxTimestampMs) / 1000.0);
        }
    }

    public long StateBytes() => _engine.RetainedBytes();

    public void OnSessionOpened(in EngagementKey key)
    {
        _openSessions++;
        _counts.OpenedMinusClosed++;
    }

    public void OnSessionClosed(in EngagementKey key, SessionCloseCause cause)
    {
        _openSessions--;
        _counts.OpenedMinusClosed--;
        _counts.Closed[(int)cause]++;
    }

    private static bool IsOpen(EngagementKeyState state) => !state.SessionClosed && state.MaxTimestampMs != long.MinValue;

    private void CountRestoredSession(bool wasOpen, bool isOpen)
    {
        var delta = (isOpen ? 1 : 0) - (wasOpen ? 1 : 0);
        _openSessions += delta;
        _counts.OpenedMinusClosed += delta;
    }

    public void OnCredited(in EngagementKey key, in CreditedInterval interval)
    {
        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(interval.CreditedFromMs).UtcDateTime);
        _heatmap.Credit(key.VideoId, day, key.UserId, interval.Start, interval.End);
    }

    public void OnRowChanged(in EngagementKey key) => _store.MarkChanged(key);

    private ReadOnlySpan<byte> WriteRow(EngagementRow row)
    {
        _buffer.ResetWrittenCount();
        // Most rows (ids and titles with nothing to escape) go straight into bytes: the writer's
        // checks per property were a large part of a flush, which holds up the stream thread
        // once per commit for every key that changed. The rest go through the writer; same bytes.
        if (EngagementRowJson.TryWritePlain(row, includeStreamingFields: true, _buffer.GetSpan(PlainRowRoom), out var written))
        {
            _buffer.Advance(written);
            return _buffer.WrittenSpan;
        }

        _json.Reset(_buffer);
        EngagementRowJson.Write(_json, row, includeStreamingFields: true);
        _json.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary>
    /// docs/topics.md: the value is the input's value exactly as received (any bytes, null
    /// included), the key is the input's key; the reason, source and, for an internal error, the
    /// exception type travel in headers.
    /// </summary>
    private static void SendDeadLetter(ConsumeResult<byte[], byte[]> record, DeadLetterReason reason, Exception? error, IRecordCollector output)
    {
        var headers = new Headers
        {
            { MessageHeaders.DeadLetterReason, reason.ToUtf8WireName().ToArray() },
            { MessageHeaders.DeadLetterSource, Encoding.UTF8.GetBytes($"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}") },
        };
        if (error is not null)
        {
            headers.Add(MessageHeaders.DeadLetterError, Encoding.UTF8.GetBytes(error.GetType().FullName ?? error.GetType().Name));
        }

        output.Send(TopicNames.DeadLetters, record.Message.Key, record.Message.Value, headers);
    }

    public void Dispose()
    {
        // The sessions of a dropped task are another instance's now (or this one's again after
        // a restore): they leave this instance's open-session count.
        _metrics.Add(_counts);
        _metrics.OpenSessionsChanged(-_openSessions);
        _json.Dispose();
        _keyJson.Dispose();
        _store.Dispose();
    }
}
