using System.CommandLine;

namespace StreamAgg.Cli.Commands;

/// <summary>Every command of the CLI, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return KafkaCommand.Create();
        yield return SimulateCommand.Create();
        yield return ProcessCommand.Create();
        yield return SinkCommand.Create();
        yield return AggregateCommand.Create();
        yield return ReportCommand.Create();
        yield return TopicsCommand.Create();
        yield return HeatmapCommand.Create();
        // TEMPORARY (branch `bench`): `bench` is a development command and belongs to the dev host
        // (dev/StreamAgg.Dev.Cli). At merge, move this line there with the ProjectReference to
        // benchmarks/StreamAgg.Bench in StreamAgg.Cli.csproj, and delete both here.
        yield return StreamAgg.Bench.BenchCommand.Create();
    }
}
