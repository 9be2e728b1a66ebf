using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamAgg.Processor.Observability;

namespace StreamAgg.Processor.Hosting;

/// <summary>The processor as a hosted service: started and stopped (gracefully, on SIGTERM) with the host.</summary>
public sealed class ProcessorService(ProcessorOptions options, ILoggerFactory loggers, TimeProvider time, ProcessorMetrics metrics) : BackgroundService
{
    /// <summary>The running instance.</summary>
    public EngagementProcessor Processor { get; } = new(options, loggers, time, metrics);

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Processor.RunAsync(stoppingToken);
}
