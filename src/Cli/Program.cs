using System.CommandLine;
using StreamAgg.Cli.Commands;

namespace StreamAgg.Cli;

/// <summary>Entry point of <c>streamagg</c>: one sub-command per job, each in Commands/.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, CommandCatalog.Shipped());

    /// <summary>Parses and runs <paramref name="args"/> against <paramref name="commands"/>; the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, IEnumerable<Command> commands)
    {
        var root = CommandCatalog.CreateRoot(commands);

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
