using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamAgg.Observability.Logging;

namespace StreamAgg.Cli.Hosting;

/// <summary>The host the long-running commands (demo, process, sink) run their hosted services in.</summary>
internal static class ServiceHost
{
    public static IHost Build(LogLevel minimumLevel, LogFormat format, Action<IServiceCollection> services)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddStreamAggConsole(format).SetMinimumLevel(minimumLevel);
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        builder.Services.AddSingleton(TimeProvider.System);
        services(builder.Services);
        return builder.Build();
    }

    /// <summary>Starts the host, waits for Ctrl-C (or SIGTERM), then stops it gracefully.</summary>
    public static async Task RunUntilCancelledAsync(this IHost host, CancellationToken cancellation)
    {
        await host.StartAsync(cancellation);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
