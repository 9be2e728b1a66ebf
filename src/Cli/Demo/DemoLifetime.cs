using Microsoft.Extensions.Hosting;

namespace StreamAgg.Cli.Demo;

/// <summary>
/// The demo's host lifetime: the command line already turns Ctrl-C and SIGTERM into
/// cancellation, so the host must not install console handlers of its own.
/// </summary>
internal sealed class DemoLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
