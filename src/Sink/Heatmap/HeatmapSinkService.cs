using Microsoft.Extensions.Hosting;

namespace StreamAgg.Sink.Heatmap;

/// <summary>Runs a <see cref="HeatmapSink"/> as a hosted service, on a thread of its own.</summary>
public sealed class HeatmapSinkService(HeatmapSink sink) : BackgroundService
{
    /// <summary>The sink this service runs (for its statistics).</summary>
    public HeatmapSink Sink { get; } = sink;

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Sink.RunAsync(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
}
