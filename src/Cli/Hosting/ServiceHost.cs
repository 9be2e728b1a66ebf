using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamAgg.Observability.Export;
using StreamAgg.Observability.Logging;

namespace StreamAgg.Cli.Hosting;

/// <summary>
/// The host the long-running commands (demo, process, sink) run their hosted services in, with
/// OpenTelemetry configured from the standard OTEL_* environment variables.
/// </summary>
internal static class ServiceHost
{
    public static IHost Build(LogLevel minimumLevel, LogFormat format, TelemetryOptions telemetry, Action<IServiceCollection> services)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The OpenTelemetry SDK reads OTEL_* from the configuration; no appsettings files, no command line.
        builder.Configuration.AddEnvironmentVariables();
        builder.Services.AddStreamAggTelemetry(telemetry, builder.Configuration);
        builder.Logging.AddStreamAggConsole(format).SetMinimumLevel(minimumLevel);
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        builder.Services.AddSingleton(TimeProvider.System);
        services(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// Starts the host and runs it until Ctrl-C or SIGTERM (also when they arrive during start-up),
    /// then stops it gracefully: each service commits what it has in hand. Returns the exit code:
    /// 0 when stopped on request, 1 when the host stopped by itself (a service failed; the host
    /// logged why), so a supervisor restarts the process instead of watching one that does nothing.
    /// </summary>
    public static async Task<int> RunUntilCancelledAsync(this IHost host, CancellationToken cancellation)
    {
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await host.StartAsync(cancellation);
            var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
            using (cancellation.Register(() => stopping.TrySetResult()))
            {
                await stopping.Task;
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        return cancellation.IsCancellationRequested ? 0 : 1;
    }
}
