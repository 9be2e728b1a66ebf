using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Processor.Runtime;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Integration.Tests.Processor;

/// <summary>
/// Another live process with the processor's transactional id (the same --instance-id) fences its
/// producer while its transaction is younger than the transaction timeout, which no timeout
/// explains: the processor stops with an error saying every instance needs its own id, instead of
/// replacing its producer and fencing the twin in turn, forever. (A fencing the timeout explains
/// is recovered from in process: Crash/TransactionTimeoutCrashTests.)
/// </summary>
/// <remarks>
/// A fenced producer learns it at its next transactional request, so the test keeps feeding
/// unreadable records, whose dead letters the processor sends at once, until one instance stops.
/// </remarks>
public sealed class DuplicateInstanceTests
{
    private const string DuplicateMessage = "every processor instance needs its own --instance-id";

    [Fact]
    public async Task Run_AnotherProducerInitialisesItsTransactionalId_StopsSayingEachInstanceNeedsItsOwnId()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        var options = Options(cluster, "taken");
        var processor = new EngagementProcessor(options, NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var running = processor.RunAsync(stop.Token);
        using var feed = new UnreadableFeed(settings);
        Assert.True(KafkaRecords.PollUntil(() => processor.IsReady || running.IsCompleted, () => feed.Next(running)), "the processor never became ready");

        // The test's own producer with the processor's transactional id: a process that uses the
        // same instance id, started and then idle.
        using var twin = new ProducerBuilder<byte[]?, byte[]?>(settings.TransactionalProducer("twin", $"{options.ApplicationId}-{options.InstanceId}")).Build();
        twin.InitTransactions(TimeSpan.FromSeconds(30));
        var stopped = KafkaRecords.PollUntil(() => running.IsCompleted, () => feed.Next(running));

        stop.Cancel();
        Assert.True(stopped, "the fenced processor kept running");
        var error = await Assert.ThrowsAsync<StreamsException>(() => running);
        Assert.Contains(DuplicateMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TwoInstancesWithOneInstanceId_TheOlderStopsSayingEachNeedsItsOwnIdAndTheNewerRuns()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        var older = new EngagementProcessor(Options(cluster, "twin"), NullLoggerFactory.Instance);
        var newer = new EngagementProcessor(Options(cluster, "twin"), NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        using var feed = new UnreadableFeed(settings);
        var olderRunning = older.RunAsync(stop.Token);
        Assert.True(KafkaRecords.PollUntil(() => older.IsReady || olderRunning.IsCompleted, () => feed.Next(olderRunning)), "the first instance never became ready");

        var newerRunning = newer.RunAsync(stop.Token);
        var either = Task.WhenAny(olderRunning, newerRunning);
        var stopped = KafkaRecords.PollUntil(() => either.IsCompleted, () => feed.Next(either));
        var newerStillRuns = !newerRunning.IsCompleted;

        stop.Cancel();
        Assert.True(stopped, "both instances kept running");
        Assert.True(newerStillRuns, $"the newer instance stopped: {newerRunning.Exception?.GetBaseException().Message}");
        var error = await Assert.ThrowsAsync<StreamsException>(() => olderRunning);
        Assert.Contains(DuplicateMessage, error.Message, StringComparison.Ordinal);
        await newerRunning;
    }

    private static ProcessorOptions Options(EmbeddedKafkaCluster cluster, string instanceId) => new()
    {
        BootstrapServers = cluster.BootstrapServers,
        InstanceId = instanceId,
        CommitInterval = TimeSpan.FromMilliseconds(100),
        SessionTimeout = TimeSpan.FromSeconds(3),
    };

    /// <summary>Unreadable player events on every partition, a few at a time: each becomes a dead letter, sent in a transaction.</summary>
    private sealed class UnreadableFeed(KafkaClientSettings settings) : IDisposable
    {
        private readonly IProducer<byte[]?, byte[]> _producer = new ProducerBuilder<byte[]?, byte[]>(settings.Producer("unreadable-feed")).Build();
        private readonly byte[] _value = Encoding.UTF8.GetBytes("not json");
        private int _sent;

        /// <summary>Sends the next few, then waits a little for <paramref name="watched"/> to end, which paces the feed.</summary>
        public void Next(Task watched)
        {
            for (var i = 0; i < 16; i++, _sent++)
            {
                _producer.Produce(TopicNames.PlayerEvents, new Message<byte[]?, byte[]> { Key = Encoding.UTF8.GetBytes($"user-{_sent}"), Value = _value });
            }

            _producer.Flush(TimeSpan.FromSeconds(30));
            ((IAsyncResult)watched).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
        }

        public void Dispose() => _producer.Dispose();
    }
}
