using System.CommandLine;
using Microsoft.Extensions.Logging;
using StreamAgg.Bench.Pipeline;

namespace StreamAgg.Bench.Ingest;

/// <summary><c>bench ingest</c>: browser ingest's throughput and request latency (docs/benchmarks.md).</summary>
internal static class IngestBenchCommand
{
    public static Command Create(Func<ILoggerFactory> loggers)
    {
        var events = new Option<int>("--events-per-request") { Description = "Events in each posted batch.", DefaultValueFactory = _ => 20 };
        var connections = new Option<int>("--connections") { Description = "Concurrent keep-alive connections, each posting its next batch once the last is answered.", DefaultValueFactory = _ => 32 };
        var seconds = new Option<double>("--seconds") { Description = "How long to measure.", DefaultValueFactory = _ => 20 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of load before measuring (JIT, connections, producer).", DefaultValueFactory = _ => 10 };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Use this Kafka cluster instead of an embedded one (its player-events topic is written to)." };
        var httpClient = new Option<bool>("--http-client") { Description = "Post with .NET's HttpClient instead of the minimal HTTP/1.1 client (which leaves more of the shared CPU to the server)." };
        BenchOptions.MustBePositive(events, connections);
        BenchOptions.MustBePositive(seconds);
        var command = new Command("ingest", "serve's browser ingest (POST /v1/events) with the embedded Kafka beside it and a load generator on loopback: events/s acknowledged by Kafka, request latency p50/p99.")
        {
            events, connections, seconds, warmup, bootstrap, httpClient,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = new IngestBenchOptions
            {
                EventsPerRequest = parse.GetValue(events),
                Connections = parse.GetValue(connections),
                Seconds = parse.GetValue(seconds),
                WarmupSeconds = Math.Max(0, parse.GetValue(warmup)),
                Bootstrap = parse.GetValue(bootstrap),
                UseHttpClient = parse.GetValue(httpClient),
            };
            using var loggerFactory = loggers();
            await new IngestBench(options, new BenchLog(parse.InvocationConfiguration.Output), loggerFactory).RunAsync(cancellation);
            return 0;
        });
        return command;
    }
}
