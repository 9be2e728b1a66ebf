using System.CommandLine;
using StreamAgg.Cli.Commands;

namespace StreamAgg.Cli;

/// <summary>Entry point of <c>./streamagg</c>: one sub-command per job, each in Commands/.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("StreamAgg: real-time video engagement analytics over Kafka and PostgreSQL.");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        // System.CommandLine cancels the action's token on Ctrl-C and SIGTERM, so every command
        // stops through its CancellationToken and disposes what it started.
        return await root.Parse(args).InvokeAsync();
    }
}
