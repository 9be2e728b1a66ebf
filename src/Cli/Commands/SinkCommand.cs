using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Cli.Hosting;
using StreamAgg.Kafka.Clients;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Cli.Commands;

/// <summary><c>streamagg sink</c>: the engagement and heatmap sinks against Kafka and PostgreSQL, until Ctrl-C.</summary>
internal static class SinkCommand
{
    public static Command Create()
    {
        var bootstrap = CommonOptions.Bootstrap(required: true);
        var postgres = CommonOptions.Postgres();
        var command = new Command("sink", "Store engagement rows and heatmap deltas in PostgreSQL (offsets kept with the data) until Ctrl-C.")
        {
            bootstrap, postgres,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var connectionString = parse.GetValue(postgres)
                ?? throw new UsageException("no PostgreSQL: pass --postgres CONNECTION_STRING or set STREAMAGG_POSTGRES");
            var kafka = new KafkaClientSettings(parse.GetValue(bootstrap)!);
            await KafkaConnectivity.EnsureReachableAsync(kafka, TimeSpan.FromSeconds(10), cancellation);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            using var host = ServiceHost.Build(LogLevel.Information, services =>
            {
                services.AddHostedService(p => new EngagementSinkService(new EngagementSink(kafka, dataSource, logger: p.GetRequiredService<ILogger<EngagementSink>>())));
                services.AddHostedService(p => new HeatmapSinkService(new HeatmapSink(kafka, dataSource, logger: p.GetRequiredService<ILogger<HeatmapSink>>())));
            });
            await host.RunUntilCancelledAsync(cancellation);
            return 0;
        });
        return command;
    }
}
