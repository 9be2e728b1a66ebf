using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamAgg.Cli.Hosting;
using StreamAgg.Kafka.Clients;
using StreamAgg.Observability.Export;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Processor.Observability;

namespace StreamAgg.Cli.Commands;

/// <summary><c>streamagg process</c>: one processor instance against a Kafka cluster, until Ctrl-C.</summary>
internal static class ProcessCommand
{
    // A year: any device clock further off than that is wrong, and the sum stays within a long.
    private const double MaxClockSkewSeconds = 31_536_000;

    public static Command Create()
    {
        var bootstrap = CommonOptions.Bootstrap(required: true);
        var instance = new Option<string>("--instance-id")
        {
            Description = "This instance's name: stable across its restarts, unique among the instances (it names the transactional id).",
            DefaultValueFactory = _ => Environment.MachineName,
        };
        var application = new Option<string>("--application-id") { Description = "The consumer group and transactional id prefix shared by all instances.", DefaultValueFactory = _ => "streamagg-processor" };
        var commitInterval = new Option<int>("--commit-interval-ms") { Description = "Milliseconds between commits (one transaction each).", DefaultValueFactory = _ => 500 };
        var sessionTimeout = new ConsumerSessionTimeoutOption("Kafka consumer group session timeout, ms: how long a dead instance keeps its partitions.");
        var transactionTimeout = new Option<int>("--transaction-timeout-ms")
        {
            Description = "How long a transaction may stay open before the cluster aborts it (and fences the producer, which is then replaced).",
            DefaultValueFactory = _ => 10_000,
        };
        var atLeastOnce = new Option<bool>("--at-least-once") { Description = "Commit without transactions (outputs may repeat after a crash)." };
        var closeIdleAfter = new Option<int?>("--close-idle-after")
        {
            Description = "Seconds: a partition with no new input for this long on the wall clock has all its open viewing sessions closed (for example at the end of a replay). Off by default: idle sessions close after --session-timeout.",
        };
        var rekey = new Option<bool>("--rekey") { Description = "The input is not keyed by userId: re-key it through the repartition topic first." };
        var maxClockSkew = new Option<double>("--max-clock-skew")
        {
            Description = "Seconds an event's time may be ahead of its Kafka record's timestamp; an event further ahead is a bad_timestamp dead letter.",
            DefaultValueFactory = _ => ProcessorOptions.DefaultMaxClockSkew.TotalSeconds,
        };
        var stateDir = new Option<string?>("--state-dir")
        {
            Description = "Folder for each task's local state (a RocksDB store of the keys beyond --state-cache-mb, and a checkpoint after a clean stop so a restart restores only the changelog's tail). Without it every key's state is held in memory and each start restores the whole changelog.",
        };
        var stateCacheMb = new Option<int>("--state-cache-mb")
        {
            Description = "With --state-dir: MiB of key states held in memory, shared by the tasks; finished keys beyond it are kept on disk (keys with an open session always stay in memory). 0 keeps only those in memory.",
            DefaultValueFactory = _ => (int)(ProcessorOptions.DefaultStateCacheBytes >> 20),
        };
        var rules = new EngagementRuleOptions();
        var operations = new OperationsOptions(defaultHealthPort: 9464);
        var command = new Command("process", "Run one processor instance (player events → engagement rows, heatmap deltas, dead letters) until Ctrl-C.")
        {
            bootstrap, instance, application, commitInterval, transactionTimeout, atLeastOnce, rekey, closeIdleAfter, maxClockSkew,
            stateDir, stateCacheMb,
        };
        sessionTimeout.AddTo(command);
        rules.AddTo(command);
        operations.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var health = operations.ReadHealthEndpoint(parse);
            var skewSeconds = parse.GetValue(maxClockSkew);
            if (skewSeconds is not (>= 0 and <= MaxClockSkewSeconds))
            {
                throw new UsageException($"--max-clock-skew must be in [0, {MaxClockSkewSeconds}] seconds");
            }

            if (parse.GetValue(stateCacheMb) < 0)
            {
                throw new UsageException("--state-cache-mb must be 0 or more");
            }

            var options = new ProcessorOptions
            {
                BootstrapServers = parse.GetValue(bootstrap)!,
                InstanceId = parse.GetValue(instance)!,
                ApplicationId = parse.GetValue(application)!,
                CommitInterval = TimeSpan.FromMilliseconds(Math.Max(1, parse.GetValue(commitInterval))),
                SessionTimeout = sessionTimeout.Read(parse, Console.Error),
                TransactionTimeout = TimeSpan.FromMilliseconds(Math.Max(1, parse.GetValue(transactionTimeout))),
                Guarantee = parse.GetValue(atLeastOnce) ? ProcessingGuarantee.AtLeastOnce : ProcessingGuarantee.ExactlyOnce,
                RekeyInput = parse.GetValue(rekey),
                CloseIdleAfter = parse.GetValue(closeIdleAfter) is { } seconds ? TimeSpan.FromSeconds(Math.Max(0, seconds)) : null,
                Engagement = rules.Read(parse),
                HeatmapSalt = parse.GetValue(rules.Salt),
                MaxClockSkew = TimeSpan.FromSeconds(skewSeconds),
                StateDirectory = parse.GetValue(stateDir) is { Length: > 0 } directory ? directory : null,
                StateCacheBytes = (long)parse.GetValue(stateCacheMb) << 20,
            };
            try
            {
                await KafkaConnectivity.EnsureReachableAsync(new KafkaClientSettings(options.BootstrapServers), TimeSpan.FromSeconds(10), cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // Stopped before it started: nothing to commit, and nothing went wrong.
                return 0;
            }

            var telemetryOptions = new TelemetryOptions
            {
                ServiceName = "streamagg-processor",
                ServiceInstanceId = options.InstanceId,
                Meters = [ProcessorMetrics.MeterName],
                ActivitySources = [ProcessorTracing.SourceName],
            };
            using var metrics = new ProcessorMetrics();
            using var host = ServiceHost.Build(LogLevel.Information, operations.ReadLogFormat(parse), telemetryOptions, services =>
            {
                services.AddSingleton(options);
                services.AddSingleton(metrics);
                services.AddHostedService<ProcessorService>();
            });
            var processor = host.Services.GetServices<IHostedService>().OfType<ProcessorService>().Single().Processor;
            await using var telemetry = await CommandTelemetry.StartAsync(host, health, () => processor.IsReady, cancellation);
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("StreamAgg.Cli").LogOperations(telemetry);
            return await host.RunUntilCancelledAsync(cancellation);
        });
        return command;
    }
}
