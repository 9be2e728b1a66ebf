using Microsoft.Extensions.Hosting;

namespace StreamAgg.Sink.Consuming;

/// <summary>Runs an <see cref="EngagementSink"/> as a hosted service, on a thread of its own.</summary>
public sealed class EngagementSinkService(EngagementSink sink) : BackgroundService
{
    /// <summary>The sink this service runs (for its statistics).</summary>
    public EngagementSink Sink { get; } = sink;

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Sink.RunAsync(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
}
