using System.CommandLine;
using Microsoft.Extensions.Logging;
using StreamAgg.Bench.Dashboard;
using StreamAgg.Bench.Heatmap;
using StreamAgg.Bench.Ingest;
using StreamAgg.Bench.Pipeline;
using StreamAgg.Bench.State;
using StreamAgg.Processor;

namespace StreamAgg.Bench;

/// <summary>
/// <c>streamagg bench</c>: the benchmarks of the streaming pipeline (throughput, latency, restore)
/// and of the heatmap tables (heatmap), reproducible by anyone; docs/benchmarks.md records their
/// figures. A development command: the host of <c>./streamagg</c> registers it, the shipped CLI does not.
/// </summary>
public static class BenchCommand
{
    /// <summary>The <c>bench</c> command with its sub-commands, ready to add to a root command.</summary>
    public static Command Create()
    {
        var command = new Command("bench", "Measure the streaming pipeline: throughput, event-to-row latency, state restoration; and the heatmap queries and merges (see docs/benchmarks.md).");
        command.Subcommands.Add(Throughput());
        command.Subcommands.Add(Latency());
        command.Subcommands.Add(Restore());
        command.Subcommands.Add(StateCommand());
        command.Subcommands.Add(HeatmapBenchCommand.Create());
        command.Subcommands.Add(DashboardBenchCommand.Create());
        command.Subcommands.Add(FuzzBench.Command());
        command.Subcommands.Add(IngestBenchCommand.Create(Loggers));
        return command;
    }

    private static Command Throughput()
    {
        var events = new Option<long>("--events") { Description = "Simulated events to preload and process.", DefaultValueFactory = _ => 500_000 };
        var viewers = new Option<int>("--viewers") { Description = "Simulated viewers.", DefaultValueFactory = _ => 50_000 };
        var videos = new Option<int>("--videos-count") { Description = "Simulated videos.", DefaultValueFactory = _ => 500 };
        var warmUp = new Option<long>("--warm-up")
        {
            Description = "Events of an unreported processor run first (own cluster, same process), so the measured runs find the code compiled and optimized as in a processor that has been running.",
            DefaultValueFactory = _ => 0,
        };
        var only = new Option<string>("--only") { Description = "Run only one figure: 'processor' or 'end-to-end' (default: both)." };
        only.AcceptOnlyFromAmong("processor", "end-to-end");
        var atLeastOnce = new Option<bool>("--at-least-once") { Description = "Run the processor without transactions (for comparison)." };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Use this Kafka cluster (empty topics) instead of an embedded one." };
        var stateCaches = new Option<string[]>("--state-cache-mb")
        {
            Description = "Processor figures side by side: one per value, in order ('memory' holds all state in memory; a number runs the disk tier with that --state-cache-mb), --rounds times over.",
            AllowMultipleArgumentsPerToken = true,
        };
        var rounds = new Option<int>("--rounds") { Description = "With --state-cache-mb: how many times the variants run, alternating.", DefaultValueFactory = _ => 1 };
        BenchOptions.MustBePositive(events);
        BenchOptions.MustBePositive(viewers, videos);
        var postgres = BenchOptions.Postgres();
        postgres.Description = "PostgreSQL for the end-to-end figure (default: $STREAMAGG_POSTGRES, else an embedded one).";
        var command = new Command("throughput", "Preload simulated events, then time the processor (exactly-once) consuming them all: processor alone, and end to end into PostgreSQL.")
        {
            events, warmUp, viewers, videos, only, atLeastOnce, bootstrap, postgres, stateCaches, rounds,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var caches = (parse.GetValue(stateCaches) ?? [])
                .Select(v => v == "memory" ? (int?)null : int.TryParse(v, out var mb) && mb >= 0 ? mb : throw new ArgumentException($"--state-cache-mb: '{v}' is neither 'memory' nor a number of MiB"))
                .ToList();
            var options = new ThroughputOptions
            {
                StateCaches = caches,
                Rounds = Math.Max(1, parse.GetValue(rounds)),
                Events = parse.GetValue(events),
                WarmUpEvents = Math.Max(0, parse.GetValue(warmUp)),
                Viewers = parse.GetValue(viewers),
                Videos = parse.GetValue(videos),
                ProcessorOnly = parse.GetValue(only) == "processor",
                EndToEndOnly = parse.GetValue(only) == "end-to-end",
                Guarantee = parse.GetValue(atLeastOnce) ? ProcessingGuarantee.AtLeastOnce : ProcessingGuarantee.ExactlyOnce,
                Bootstrap = parse.GetValue(bootstrap),
                Postgres = parse.GetValue(postgres),
            };
            using var loggers = Loggers();
            await new ThroughputBench(options, new BenchLog(parse.InvocationConfiguration.Output), loggers).RunAsync(cancellation);
            return 0;
        });
        return command;
    }

    private static Command Latency()
    {
        var rate = new Option<double>("--rate") { Description = "Events per second.", DefaultValueFactory = _ => 20_000 };
        var seconds = new Option<double>("--seconds") { Description = "How long to produce.", DefaultValueFactory = _ => 60 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds at the start reported apart (JIT, caches).", DefaultValueFactory = _ => 10 };
        var viewers = new Option<int>("--viewers") { Description = "Simulated viewers.", DefaultValueFactory = _ => 100_000 };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Use this Kafka cluster (empty topics) instead of an embedded one." };
        BenchOptions.MustBePositive(rate, seconds);
        BenchOptions.MustBePositive(viewers);
        var postgres = BenchOptions.Postgres();
        var command = new Command("latency", "Paced producer at a fixed rate with the processor and the engagement sink running: event-to-row latency percentiles, in Kafka and in PostgreSQL.")
        {
            rate, seconds, warmup, viewers, bootstrap, postgres,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = new LatencyOptions
            {
                Rate = parse.GetValue(rate),
                Seconds = parse.GetValue(seconds),
                WarmupSeconds = Math.Max(0, parse.GetValue(warmup)),
                Viewers = parse.GetValue(viewers),
                Bootstrap = parse.GetValue(bootstrap),
                Postgres = parse.GetValue(postgres),
            };
            using var loggers = Loggers();
            await new LatencyBench(options, new BenchLog(parse.InvocationConfiguration.Output), loggers).RunAsync(cancellation);
            return 0;
        });
        return command;
    }

    private static Command Restore()
    {
        var keys = new Option<int>("--keys") { Description = "State records (distinct keys) in the changelog partition.", DefaultValueFactory = _ => 500_000 };
        var runs = new Option<int>("--runs") { Description = "Restorations to time, one after the other.", DefaultValueFactory = _ => 3 };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Use this Kafka cluster (empty topics) instead of an embedded one." };
        BenchOptions.MustBePositive(keys, runs);
        var command = new Command("restore", "Fill the engagement state changelog with N keys of realistic state, then time restoring a task from it.")
        {
            keys, runs, bootstrap,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = new RestoreOptions
            {
                Keys = parse.GetValue(keys),
                Runs = parse.GetValue(runs),
                Bootstrap = parse.GetValue(bootstrap),
            };
            using var loggers = Loggers();
            await new RestoreBench(options, new BenchLog(parse.InvocationConfiguration.Output), loggers).RunAsync(cancellation);
            return 0;
        });
        return command;
    }

    private static Command StateCommand()
    {
        var keys = new Option<int>("--keys") { Description = "Distinct (user, video) keys, each watched once and finished.", DefaultValueFactory = _ => 1_000_000 };
        var cacheMb = new Option<int>("--cache-mb") { Description = "The processor's --state-cache-mb.", DefaultValueFactory = _ => 64 };
        var workDirectory = new Option<string?>("--work-dir") { Description = "Folder for the state directory and the changelog file (default: the temporary folder)." };
        BenchOptions.MustBePositive(keys);
        var command = new Command("state", "Run N finished keys through one engagement task with the disk tier, then restart it after a clean stop and after a crash: peak managed heap, disk, restart time.")
        {
            keys, cacheMb, workDirectory,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = new StateBenchOptions
            {
                Keys = parse.GetValue(keys),
                CacheMb = Math.Max(0, parse.GetValue(cacheMb)),
                WorkDirectory = parse.GetValue(workDirectory) ?? Path.GetTempPath(),
            };
            await new StateBench(options, new BenchLog(parse.InvocationConfiguration.Output)).RunAsync(cancellation);
            return 0;
        });
        return command;
    }

    private static ILoggerFactory Loggers() => LoggerFactory.Create(b => b
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        })
        .SetMinimumLevel(LogLevel.Warning));
}
