using System.Buffers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamAgg.Contracts;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Engagement;

/// <summary>
/// The engagement work of one input partition: parses each player event, applies it with the
/// pure core, and at each commit hands over the newest row of every key that changed (one per
/// key per interval), the changelog record of its state, and one heatmap delta per (video, day)
/// credited in the interval; dead letters go out as they occur. Deltas and state leave in the same
/// transaction, so a restored task re-credits exactly what was never committed.
/// Session timeouts run on stream time, and on the wall clock once the partition is idle.
/// </summary>
internal sealed class EngagementTask : IStreamTask, IEngagementOutput
{
    private readonly TopicPartition _changelog;
    private readonly PlayerEventParser _parser = new();
    private readonly EngagementEngine _engine;
    private readonly HashSet<EngagementKey> _changed = [];
    private readonly HeatmapAccumulator _heatmap;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private long _streamTimeMs = long.MinValue;
    private DateTimeOffset _lastArrival;
    private bool _arrivedSincePunctuate;

    public EngagementTask(TopicPartition input, EngagementOptions options, string? heatmapSalt, IVideoCatalog videos, TimeProvider time)
    {
        // Streaming keeps only what was credited since the last commit: the sketches of record
        // are PostgreSQL's, which the sink merges the deltas into.
        _heatmap = new HeatmapAccumulator(HllSettings.Default, heatmapSalt, HeatmapTracking.Deltas);
        InputPartition = input;
        _changelog = new TopicPartition(TopicNames.EngagementStateChangelog, input.Partition);
        _engine = new EngagementEngine(options, videos, this);
        _json = new Utf8JsonWriter(_buffer, DeadLetterJson.WriterOptions);
        _lastArrival = time.GetUtcNow();
    }

    public TopicPartition InputPartition { get; }

    public IReadOnlyList<string> ChangelogTopics { get; } = [TopicNames.EngagementStateChangelog];

    /// <summary>Keys held by this task.</summary>
    public int KeyCount => _engine.KeyCount;

    public void Restore(string changelogTopic, byte[] key, byte[]? value)
    {
        if (!EngagementKeyCodec.TryDecode(key, out var engagementKey))
        {
            throw new StreamsException($"Unreadable key in changelog {_changelog}: {Encoding.UTF8.GetString(key)}");
        }

        if (value is null)
        {
            _engine.Remove(engagementKey);
            return;
        }

        _engine.Restore(engagementKey, EngagementKeyState.Deserialize(value));
        _streamTimeMs = Math.Max(_streamTimeMs, _engine.TryGetState(engagementKey, out var state) ? state.MaxTimestampMs : long.MinValue);
    }

    public void Process(ConsumeResult<byte[], byte[]> record, IRecordCollector output)
    {
        var reason = _parser.TryParse(record.Message.Value ?? [], out var evt);
        if (reason == DeadLetterReason.None)
        {
            switch (_engine.Apply(evt))
            {
                case EventOutcome.Applied:
                    // Only applied events move stream time and count as activity: a duplicate
                    // with a later timestamp, or a stream of junk, must not close sessions early
                    // or keep a quiet partition from closing them, and a task restored from its
                    // changelog (which holds applied events only) must agree with this one.
                    _arrivedSincePunctuate = true;
                    if (evt.TimestampMs > _streamTimeMs)
                    {
                        _streamTimeMs = evt.TimestampMs;
                        // Closing on stream time here, between records, rather than once per
                        // poll, makes what closes when independent of where polls split, so a
                        // replay after an abort decides exactly as the first run did.
                        _engine.CloseIdleSessions(_streamTimeMs, finalizePending: true);
                    }

                    break;
                case EventOutcome.Late:
                    reason = DeadLetterReason.Late;
                    break;
            }
        }

        if (reason != DeadLetterReason.None)
        {
            SendDeadLetter(record, reason, output);
        }
    }

    public void Punctuate(DateTimeOffset now, IRecordCollector output)
    {
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
        // Closing also finalizes the key's pending events, so its last credits reach the heatmap.
        _engine.CloseIdleSessions(effective, finalizePending: true);
    }

    public void Flush(IRecordCollector output)
    {
        foreach (var key in _changed)
        {
            var encodedKey = EngagementKeyCodec.Encode(key);
            var row = _engine.BuildRow(key);
            output.Send(TopicNames.Engagement, encodedKey, WriteRow(row));
            if (_engine.TryGetState(key, out var state))
            {
                _buffer.ResetWrittenCount();
                state.Serialize(_buffer);
                output.Send(_changelog, encodedKey, _buffer.WrittenSpan.ToArray());
            }
        }

        _changed.Clear();

        foreach (var delta in _heatmap.DrainDeltas())
        {
            output.Send(TopicNames.HeatmapDeltas, HeatmapDeltaKeyCodec.Encode(delta.VideoId, delta.Day), HeatmapDeltaCodec.ToBytes(delta));
        }
    }

    public void OnCredited(in EngagementKey key, in CreditedInterval interval)
    {
        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(interval.CreditedFromMs).UtcDateTime);
        _heatmap.Credit(key.VideoId, day, key.UserId, interval.Start, interval.End);
    }

    public void OnRowChanged(in EngagementKey key) => _changed.Add(key);

    private byte[] WriteRow(EngagementRow row)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        EngagementRowJson.Write(_json, row, includeStreamingFields: true);
        _json.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    private static void SendDeadLetter(ConsumeResult<byte[], byte[]> record, DeadLetterReason reason, IRecordCollector output)
    {
        var headers = new Headers
        {
            { MessageHeaders.DeadLetterReason, reason.ToUtf8WireName().ToArray() },
            { MessageHeaders.DeadLetterSource, Encoding.UTF8.GetBytes($"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}") },
        };
        output.Send(TopicNames.DeadLetters, record.Message.Key, DeadLetterJson.ToUtf8Bytes(reason, record.Message.Value ?? []), headers);
    }

    public void Dispose() => _json.Dispose();
}
