using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StreamAgg.Processor.Hosting;

/// <summary>The processor as a hosted service: started and stopped (gracefully, on SIGTERM) with the host.</summary>
public sealed class ProcessorService(ProcessorOptions options, ILoggerFactory loggers, TimeProvider time) : BackgroundService
{
    /// <summary>The running instance.</summary>
    public EngagementProcessor Processor { get; } = new(options, loggers, time);

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Processor.RunAsync(stoppingToken);
}
