using System.CommandLine;
using StreamAgg.Cli.Commands;
using StreamAgg.Dev.Cli.Commands;

namespace StreamAgg.Dev.Cli;

/// <summary>
/// Entry point of <c>streamagg-dev</c>, which <c>./streamagg</c> runs: the shipped commands of
/// <c>streamagg</c> plus those that need the development fixtures (an embedded Kafka cluster,
/// a throwaway PostgreSQL): <c>demo</c>, <c>kafka</c> and <c>bench</c>.
/// </summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => StreamAgg.Cli.Program.RunAsync(args, Commands());

    /// <summary>Every command, in the order <c>--help</c> lists them.</summary>
    public static IEnumerable<Command> Commands() =>
    [
        DemoCommand.Create(),
        KafkaCommand.Create(),
        .. CommandCatalog.Shipped(),
        StreamAgg.Bench.BenchCommand.Create(),
    ];
}
