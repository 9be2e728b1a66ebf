using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Observability.Endpoints;
using StreamAgg.Observability.Tests.Support;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using Xunit;

namespace StreamAgg.Observability.Tests.Endpoints;

/// <summary>/readyz of a processor answers 503 until its group joined and its tasks are restored, then 200.</summary>
public sealed class ProcessorReadinessTests
{
    [Fact]
    public async Task Readyz_ProcessorStartingThenRunning_TurnsReady()
    {
        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var processor = new EngagementProcessor(
            new ProcessorOptions { BootstrapServers = cluster.BootstrapServers, InstanceId = "ready", CommitInterval = TimeSpan.FromMilliseconds(100) },
            NullLoggerFactory.Instance);
        await using var server = await OperationsServer.StartAsync(new OperationsServerOptions { Port = 0, Ready = () => processor.IsReady });
        using var http = new HttpClient { BaseAddress = server.LocalAddress };

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        using var stop = new CancellationTokenSource();
        var running = processor.RunAsync(stop.Token);
        await Waiting.UntilAsync(() => processor.IsReady || running.IsCompleted, "the processor to join and restore");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        Assert.NotEmpty(processor.OwnedPartitions);

        stop.Cancel();
        await running;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task IsReady_MoreInstancesThanInputPartitions_TheIdleInstanceIsReadyToo()
    {
        // Every topic with one partition: of two instances, one owns it and one owns nothing.
        using var stream = typeof(TopicCatalog).Assembly.GetManifestResourceStream(TopicCatalog.ResourceName)!;
        var yaml = new StreamReader(stream).ReadToEnd();
        var onePartitionEach = TopicCatalog.Parse(Regex.Replace(yaml, @"partitions: \d+", "partitions: 1"), "topics.yaml, one partition each");
        using var cluster = EmbeddedKafkaCluster.Start(onePartitionEach);
        var processors = new[] { "first", "second" }
            .Select(id => new EngagementProcessor(
                new ProcessorOptions { BootstrapServers = cluster.BootstrapServers, InstanceId = id, CommitInterval = TimeSpan.FromMilliseconds(100) },
                NullLoggerFactory.Instance))
            .ToArray();

        using var stop = new CancellationTokenSource();
        var running = processors.Select(p => p.RunAsync(stop.Token)).ToArray();
        await Waiting.UntilAsync(
            () => processors.All(p => p.IsReady) || running.Any(r => r.IsCompleted),
            "both instances to be ready",
            () => string.Join(", ", processors.Select(p => $"{p.State} owning {p.OwnedPartitions.Count}")));

        Assert.All(processors, p => Assert.True(p.IsReady));
        Assert.Equal([0, 1], processors.Select(p => p.OwnedPartitions.Count).Order());

        stop.Cancel();
        await Task.WhenAll(running);
    }
}
