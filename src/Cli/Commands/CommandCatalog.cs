using System.CommandLine;

namespace StreamAgg.Cli.Commands;

/// <summary>
/// The commands of the shipped CLI, in the order <c>--help</c> lists them, and the root command
/// built from them. The development host (dev/StreamAgg.Dev.Cli) passes these plus its own
/// (demo, kafka, bench) to <see cref="CreateRoot"/>.
/// </summary>
internal static class CommandCatalog
{
    public const string Description = "StreamAgg: real-time video engagement analytics over Kafka and PostgreSQL.";

    public static IEnumerable<Command> Shipped()
    {
        yield return SimulateCommand.Create();
        yield return ProcessCommand.Create();
        yield return SinkCommand.Create();
        yield return AggregateCommand.Create();
        yield return ReportCommand.Create();
        yield return TopicsCommand.Create();
        yield return HeatmapCommand.Create();
        yield return ServeCommand.Create();
    }

    /// <summary>The root command holding <paramref name="commands"/>, with a <c>--version</c> that names librdkafka too.</summary>
    public static RootCommand CreateRoot(IEnumerable<Command> commands)
    {
        var root = new RootCommand(Description);
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        VersionAction.Install(root);
        return root;
    }
}
