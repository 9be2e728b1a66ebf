using System.Buffers;
using Confluent.Kafka;
using StreamAgg.Wire;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Videos;
using StreamAgg.Processor.Runtime;
using StreamAgg.Processor.State;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Processor.Tests.Engagement;
using static StreamAgg.Processor.Tests.Engagement.EventJson;

namespace StreamAgg.Processor.Tests.State;

public sealed class ChangeLoggingEngagementStoreTests
{
    private static readonly TopicPartition Changelog = new(TopicNames.EngagementStateChangelog, 3);
    private readonly PlayerEventParser _parser = new();
    private readonly EngagementEngine _engine;
    private readonly FlushedKeys _flushed = new();
    private readonly IChangelogStore<EngagementKey, EngagementKeyState> _store;

    public ChangeLoggingEngagementStoreTests()
    {
        _engine = new EngagementEngine(EngagementOptions.Default, new VideoCatalog(), new IgnoredEngagementOutput());
        _store = EngagementStores.Create(_engine, Changelog, _parser.Strings, _flushed);
    }

    [Fact]
    public void Flush_KeyChangedTwice_OneChangelogRecordOfItsNewestStateAfterTheListener()
    {
        var key = Apply("ann", "v1", "video_play", 0);
        _store.MarkChanged(key);
        Apply("ann", "v1", "video_heartbeat", 30);
        _store.MarkChanged(key);
        var output = new RecordCapture();

        _store.Flush(output);

        var record = Assert.Single(output.Records);
        Assert.Equal(Changelog.Topic, record.Topic);
        Assert.Equal(Changelog.Partition.Value, record.Partition);
        Assert.Equal(EngagementKeyCodec.Encode(key), record.Key);
        Assert.Equal(Serialized(key), record.Value);
        Assert.Equal([(key, 0)], _flushed.Keys);
    }

    [Fact]
    public void Flush_Again_NothingChangedNothingLogged()
    {
        _store.MarkChanged(Apply("ann", "v1", "video_play", 0));
        _store.Flush(new RecordCapture());
        var output = new RecordCapture();

        _store.Flush(output);

        Assert.Empty(output.Records);
    }

    [Fact]
    public void Restore_ChangelogRecord_WritesThroughWithoutLoggingIt()
    {
        var key = Apply("ann", "v1", "video_play", 0);
        var bytes = Serialized(key);
        _engine.Remove(key);

        var restoredKey = _store.Restore(EngagementKeyCodec.Encode(key), bytes, out var replaced, out var restored);
        var output = new RecordCapture();
        _store.Flush(output);

        Assert.Equal(key, restoredKey);
        Assert.Null(replaced);
        Assert.True(_store.TryGet(key, out var held));
        Assert.Same(restored, held);
        Assert.Empty(output.Records);
    }

    [Fact]
    public void Restore_NullValue_DeletesTheKey()
    {
        var key = Apply("ann", "v1", "video_play", 0);
        _engine.TryGetState(key, out var before);

        _store.Restore(EngagementKeyCodec.Encode(key), null, out var replaced, out var restored);

        Assert.Same(before, replaced);
        Assert.Null(restored);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public void Restore_UnreadableKey_Throws()
    {
        Assert.Throws<StreamsException>(() => _store.Restore("not json"u8.ToArray(), null, out _, out _));
    }

    private EngagementKey Apply(string user, string video, string eventName, double at)
    {
        Assert.Equal(DeadLetterReason.None, _parser.TryParse(Event(user, video, eventName, T0.AddSeconds(at), at), out var evt));
        Assert.Equal(EventOutcome.Applied, _engine.Apply(evt));
        return new EngagementKey(evt.UserId, evt.VideoId);
    }

    private byte[] Serialized(EngagementKey key)
    {
        Assert.True(_engine.TryGetState(key, out var state));
        var buffer = new ArrayBufferWriter<byte>();
        state.Serialize(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Each key the flush handed over, with how many changelog records were sent before it.</summary>
    private sealed class FlushedKeys : IStoreFlushListener<EngagementKey, EngagementKeyState>
    {
        public List<(EngagementKey Key, int SentBefore)> Keys { get; } = [];

        public void OnFlushed(in EngagementKey key, ReadOnlySpan<byte> encodedKey, EngagementKeyState? value, IRecordCollector output) =>
            Keys.Add((key, ((RecordCapture)output).Records.Count));
    }
}
