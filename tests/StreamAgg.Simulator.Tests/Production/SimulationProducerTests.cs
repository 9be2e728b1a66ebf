using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Simulator.Production;
using StreamAgg.Simulator.Tests.Support;
using StreamAgg.Simulator.Workload;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Simulator.Tests.Production;

/// <summary>The producer against a real Kafka protocol peer: a fresh embedded cluster per test, holding the catalog's topics.</summary>
public sealed class SimulationProducerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    // Only stops a broken test from hanging; nothing asserts on durations.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TopicCatalog _catalog = TopicCatalog.Load();
    private readonly EmbeddedKafkaCluster _cluster;
    private readonly KafkaClientSettings _settings;

    public SimulationProducerTests()
    {
        _cluster = EmbeddedKafkaCluster.Start(_catalog);
        _settings = new KafkaClientSettings(_cluster.BootstrapServers);
    }

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task RunAsync_EventCount_DeliversTheGeneratedMessagesKeyedByUserId()
    {
        var options = new SimulationOptions
        {
            Viewers = 300, Videos = 40, Seed = 3, MaxEvents = 3000, StartTime = Start,
            Speedup = double.PositiveInfinity, BadInputFraction = 0.01, DuplicateFraction = 0.01,
        };

        var report = await new SimulationProducer(_settings, options).RunAsync();

        Assert.Equal(3000, report.EventsSent);
        Assert.Equal(3000, report.EventsDelivered);
        Assert.True(report.AllDelivered, report.LastError);
        Assert.False(report.Cancelled);
        var expected = RecordedMessage.Generate(new WorkloadGenerator(options, Start), 3000);
        Assert.Equal(expected.Count(m => m.Fault.IsBadInput()), report.BadInputSent);
        Assert.Equal(expected.Count(m => m.Fault == InjectedFault.Duplicate), report.DuplicatesSent);

        var received = ConsumeAll(TopicNames.PlayerEvents, 3000);
        Assert.Equal(3000, received.Count);
        Assert.Equal(
            expected.Select(m => Text(m.Key) + "\n" + Text(m.Value)).Order(StringComparer.Ordinal),
            received.Select(r => Text(r.Message.Key) + "\n" + Text(r.Message.Value)).Order(StringComparer.Ordinal));
        // Keyed by user: each user's messages sit in one partition, in the order they were generated.
        Assert.All(received.GroupBy(r => Text(r.Message.Key)), user => Assert.Single(user.Select(r => r.Partition.Value).Distinct()));
        foreach (var user in received.GroupBy(r => Text(r.Message.Key)))
        {
            Assert.Equal(
                expected.Where(m => m.UserId == user.Key).Select(m => Text(m.Value)),
                user.OrderBy(r => r.Offset.Value).Select(r => Text(r.Message.Value)));
        }
    }

    [Fact]
    public async Task RunAsync_Start_ProducesTheMetadataKeyedByVideoId()
    {
        var options = new SimulationOptions { Viewers = 50, Videos = 30, MaxEvents = 10, StartTime = Start, Speedup = double.PositiveInfinity };

        var report = await new SimulationProducer(_settings, options).RunAsync();

        var expected = new WorkloadGenerator(options, Start).MetadataMessages();
        Assert.Equal(expected.Count, report.MetadataSent);
        var received = ConsumeAll(TopicNames.VideoMetadata, expected.Count);
        Assert.Equal(
            expected.Select(m => m.VideoId + "\n" + Text(m.Value)).Order(StringComparer.Ordinal),
            received.Select(r => Text(r.Message.Key) + "\n" + Text(r.Message.Value)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Duration_StopsAtTheSimulatedDuration()
    {
        var options = new SimulationOptions
        {
            Viewers = 200, Videos = 20, Duration = TimeSpan.FromMinutes(10), StartTime = Start, Speedup = double.PositiveInfinity,
        };
        long endMs = Start.AddMinutes(10).ToUnixTimeMilliseconds();
        var generator = new WorkloadGenerator(options, Start);
        long expected = 0;
        while (generator.Next().SendTimeMs < endMs)
            expected++;

        var report = await new SimulationProducer(_settings, options).RunAsync();

        Assert.Equal(expected, report.EventsSent);
        Assert.Equal(expected, report.EventsDelivered);
        Assert.True(report.SimulatedEnd < Start.AddMinutes(10));
    }

    [Fact]
    public async Task RunAsync_Cancelled_FlushesWhatWasSentAndReports()
    {
        var options = new SimulationOptions
        {
            Viewers = 300, EventsPerSecond = 2000, StartTime = Start, Speedup = double.PositiveInfinity,
            ProgressInterval = TimeSpan.FromMilliseconds(10),
        };
        using var stop = new CancellationTokenSource();
        var progress = new List<SimulationProgress>();

        var report = await new SimulationProducer(_settings, options).RunAsync(
            p =>
            {
                progress.Add(p);
                if (p.EventsSent >= 500)
                    stop.Cancel();
            },
            stop.Token);

        Assert.True(report.Cancelled);
        Assert.InRange(report.EventsSent, 500, 10_000);
        Assert.Equal(report.EventsSent, report.EventsDelivered);
        Assert.True(report.AllDelivered, report.LastError);
        Assert.Equal(report.EventsSent, ConsumeAll(TopicNames.PlayerEvents, (int)report.EventsSent).Count);
        Assert.True(progress.Count >= 2);
        Assert.Equal(report.EventsSent, progress[^1].EventsSent);
        Assert.Equal(report.EventsDelivered, progress[^1].EventsDelivered);
    }

    [Fact]
    public async Task RunAsync_BrokersRejectProduceRequests_CountsEveryFailedDelivery()
    {
        var options = new SimulationOptions { Viewers = 100, MaxEvents = 400, StartTime = Start, Speedup = double.PositiveInfinity };
        _cluster.PushRequestErrors(KafkaApiKey.Produce, Enumerable.Repeat(ErrorCode.TopicAuthorizationFailed, 50).ToArray());

        var report = await new SimulationProducer(_settings, options).RunAsync();

        Assert.True(report.DeliveryErrors > 0);
        Assert.False(report.AllDelivered);
        Assert.NotNull(report.LastError);
        // Nothing silently lost: every message was delivered, failed, or is still reported undelivered.
        Assert.Equal(report.EventsSent + report.MetadataSent, report.EventsDelivered + report.MetadataDelivered + report.DeliveryErrors + report.Undelivered);
    }

    private List<ConsumeResult<byte[], byte[]>> ConsumeAll(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(_settings.Consumer("simulator-tests-" + Guid.NewGuid().ToString("N"))).Build();
        consumer.Assign(Enumerable.Range(0, _catalog[topic].Partitions)
            .Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<ConsumeResult<byte[], byte[]>>();
        var clock = Stopwatch.StartNew();
        while (results.Count < count && clock.Elapsed < Patience)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
                results.Add(result);
        }

        return results;
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
