using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Core.Engagement;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Processor.Hosting;
using StreamAgg.Processor.Runtime;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Tests.Runtime;

/// <summary>
/// When the stream thread commits: once per commit interval, even when it has read everything
/// there is, so a key publishes at most one update per interval (docs/topics.md).
/// </summary>
public sealed class StreamThreadCommitTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_TwoEventsOfOneKeyWithTheProcessorIdleBetween_OneUpdateInTheInterval()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        using var producer = new ProducerBuilder<byte[], byte[]>(settings.Producer("stream-thread-commit-test")).Build();
        var processor = new EngagementProcessor(
            new ProcessorOptions
            {
                BootstrapServers = cluster.BootstrapServers,
                ApplicationId = "stream-thread-commit-test",
                InstanceId = "coalesced",
                // An interval no test outlives: only the commit on stopping may publish.
                CommitInterval = TimeSpan.FromHours(1),
                SessionTimeout = TimeSpan.FromSeconds(3),
            },
            NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var running = processor.RunAsync(stop.Token);
        try
        {
            Assert.True(WaitUntil(() => processor.State == StreamThreadState.Running || running.IsCompleted), "the processor did not start");
            foreach (var (name, position) in new[] { ("video_play", 0), ("video_pause", 20) })
            {
                var before = processor.Timings!.Snapshot();
                Publish(producer, name, position);
                // Records taken, then two polls that found nothing: the thread was idle in between.
                Assert.True(WaitUntil(() => Idle(processor.Timings!.Snapshot().Since(before)) || running.IsCompleted), "the event was not processed");
            }

            Assert.False(running.IsCompleted, "the processor stopped");
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        var updates = ReadUpdates(settings);
        var update = Assert.Single(updates);
        Assert.Equal(2, update.EventsApplied);
    }

    private static bool Idle(LoopTimesSnapshot window) =>
        window.Calls(LoopPhase.PollWait) > 0 && window.Calls(LoopPhase.PollEmpty) >= 2;

    private static void Publish(IProducer<byte[], byte[]> producer, string eventName, int position)
    {
        var json = $$"""{"timestamp": "2026-11-20T10:00:{{position:00}}Z", "userId": "ada", "sessionId": "s1", "videoId": "video_001", "eventName": "{{eventName}}", "currentTime": {{position}}, "duration": 600}""";
        producer.Produce(TopicNames.PlayerEvents, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("ada"), Value = Encoding.UTF8.GetBytes(json) });
        producer.Flush(Deadline);
    }

    // Every committed engagement record, read to the end of each partition.
    private static List<EngagementRow> ReadUpdates(KafkaClientSettings settings)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(settings.Consumer("stream-thread-commit-test-rows")).Build();
        var partitions = TopicCatalog.Load().Topics.Single(t => t.Name == TopicNames.Engagement).Partitions;
        var ends = Enumerable.Range(0, partitions)
            .Select(p => new TopicPartition(TopicNames.Engagement, p))
            .ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, Deadline).High.Value);
        consumer.Assign(ends.Keys.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var updates = new List<EngagementRow>();
        Assert.True(WaitUntil(() =>
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message.Value: { } value })
            {
                updates.Add(EngagementRowJson.Read(value));
            }

            return ends.All(end => consumer.Position(end.Key).Value >= end.Value || end.Value == 0);
        }), "the engagement topic was not read to its end");
        return updates;
    }

    private static bool WaitUntil(Func<bool> condition) => SpinWait.SpinUntil(condition, Deadline);
}
