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

        VersionAction.Install(root);

        // System.CommandLine cancels the action's token on Ctrl-C and SIGTERM, so every command
        // stops through its CancellationToken and disposes what it started.
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // After Ctrl-C the command gets this long to stop its servers and remove their
                // files before the process exits anyway.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
            });
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception e) when (FailureMessage.IsExpected(e))
        {
            // Missing dependencies, unreachable servers, bad files: the message says what to do.
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}
