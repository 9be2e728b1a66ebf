using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Kafka.Embedded;
using StreamAgg.Kafka.Topics;
using StreamAgg.Observability.Health;
using StreamAgg.Observability.Tests.Support;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using Xunit;

namespace StreamAgg.Observability.Tests.Health;

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
        await using var server = await HealthServer.StartAsync(new HealthServerOptions { Port = 0, Ready = () => processor.IsReady });
        using var http = new HttpClient { BaseAddress = server.Address };

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
}
