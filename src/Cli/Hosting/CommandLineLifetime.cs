using Microsoft.Extensions.Hosting;

namespace StreamAgg.Cli.Hosting;

/// <summary>
/// The host lifetime of the CLI's commands: the command line already turns Ctrl-C and SIGTERM
/// into cancellation, so the host must not install console handlers of its own.
/// </summary>
internal sealed class CommandLineLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
