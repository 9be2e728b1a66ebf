using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Cli.Hosting;
using StreamAgg.Kafka.Clients;
using StreamAgg.Observability.Export;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Observability;

namespace StreamAgg.Cli.Commands;

/// <summary><c>streamagg sink</c>: the engagement and heatmap sinks against Kafka and PostgreSQL, until Ctrl-C.</summary>
internal static class SinkCommand
{
    public static Command Create()
    {
        var bootstrap = CommonOptions.Bootstrap(required: true);
        var postgres = CommonOptions.Postgres();
        var operations = new OperationsOptions(defaultHealthPort: 9465);
        var sessionTimeout = new ConsumerSessionTimeoutOption("Kafka consumer group session timeout, ms: how long a dead sink keeps its partitions.");
        var command = new Command("sink", "Store engagement rows and heatmap deltas in PostgreSQL (offsets kept with the data) until Ctrl-C.")
        {
            bootstrap, postgres,
        };
        sessionTimeout.AddTo(command);
        operations.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var health = operations.ReadHealthEndpoint(parse);
            var connectionString = parse.GetValue(postgres)
                ?? throw new UsageException("no PostgreSQL: pass --postgres CONNECTION_STRING or set STREAMAGG_POSTGRES");
            var kafka = new KafkaClientSettings(parse.GetValue(bootstrap)!);
            try
            {
                await KafkaConnectivity.EnsureReachableAsync(kafka, TimeSpan.FromSeconds(10), cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // Stopped before it started: nothing to commit, and nothing went wrong.
                return 0;
            }

            var session = sessionTimeout.Read(parse, Console.Error);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var telemetryOptions = new TelemetryOptions
            {
                ServiceName = "streamagg-sink",
                Meters = [SinkMetrics.MeterName],
                ActivitySources = [SinkTracing.SourceName],
            };
            using var metrics = new SinkMetrics();
            using var host = ServiceHost.Build(LogLevel.Information, operations.ReadLogFormat(parse), telemetryOptions, services =>
            {
                services.AddHostedService(p => new EngagementSinkService(new EngagementSink(kafka, dataSource, new EngagementSinkOptions { SessionTimeout = session }, logger: p.GetRequiredService<ILogger<EngagementSink>>(), metrics: metrics)));
                services.AddHostedService(p => new HeatmapSinkService(new HeatmapSink(kafka, dataSource, new HeatmapSinkOptions { SessionTimeout = session }, logger: p.GetRequiredService<ILogger<HeatmapSink>>(), metrics: metrics)));
            });
            var hosted = host.Services.GetServices<IHostedService>().ToList();
            var engagement = hosted.OfType<EngagementSinkService>().Single().Sink;
            var heatmap = hosted.OfType<HeatmapSinkService>().Single().Sink;
            await using var telemetry = await CommandTelemetry.StartAsync(host, health, () => engagement.IsReady && heatmap.IsReady, cancellation);
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("StreamAgg.Cli").LogOperations(telemetry);
            return await host.RunUntilCancelledAsync(cancellation);
        });
        return command;
    }
}
