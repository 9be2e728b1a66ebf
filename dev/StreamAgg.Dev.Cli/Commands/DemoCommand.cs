using System.CommandLine;
using StreamAgg.Dev.Cli.Demo;
using StreamAgg.Cli;
using StreamAgg.Cli.Commands;

namespace StreamAgg.Dev.Cli.Commands;

/// <summary><c>streamagg demo</c>: the whole pipeline on an embedded Kafka and PostgreSQL, with a summary.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var events = new Option<FileInfo?>("--events") { Description = "Replay this NDJSON file of player events instead of simulated traffic." };
        var videos = new Option<FileInfo?>("--videos") { Description = "With --events: video metadata, NDJSON." };
        var workload = new SimulationArguments(defaultEvents: 50_000, defaultSpeedup: 600);
        var keepRunning = new Option<bool>("--keep-running")
        {
            Description = "After the summary, keep Kafka, PostgreSQL, the processor, the sinks and the web server (dashboard, ingest, player page) running until Ctrl-C.",
        };
        var webPort = new Option<int>("--web-port")
        {
            Description = "Port of the dashboard, ingest and player page (127.0.0.1; a free port when it is taken; 0: any).",
            DefaultValueFactory = _ => 8080,
        };
        var rules = new EngagementRuleOptions();
        var operations = new OperationsOptions(defaultHealthPort: 9466);
        var command = new Command("demo", "Run the pipeline end to end: embedded Kafka and PostgreSQL, simulated traffic, the processor and the sinks, the web server (dashboard, ingest, player page; --keep-running keeps it all up until Ctrl-C), then a summary.")
        {
            events, videos, keepRunning, webPort,
        };
        workload.AddTo(command);
        rules.AddTo(command);
        operations.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var eventsFile = parse.GetValue(events);
            if (eventsFile is { Exists: false })
            {
                throw new UsageException($"--events: no such file {eventsFile.FullName}");
            }

            var videosFile = parse.GetValue(videos);
            if (videosFile is { Exists: false })
            {
                throw new UsageException($"--videos: no such file {videosFile.FullName}");
            }

            var run = new DemoRun(
                rules.Read(parse),
                parse.GetValue(rules.Salt),
                eventsFile is null ? workload.Read(parse) : null,
                eventsFile?.FullName,
                videosFile?.FullName,
                operations.ReadHealthEndpoint(parse),
                operations.ReadLogFormat(parse),
                new DemoServing(Enabled: true, parse.GetValue(webPort), parse.GetValue(keepRunning), DemoSecrets.Generate()));
            return await run.ExecuteAsync(cancellation);
        });
        return command;
    }
}
