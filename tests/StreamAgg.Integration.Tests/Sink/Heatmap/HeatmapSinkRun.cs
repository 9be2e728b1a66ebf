using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>A heatmap sink running on its own thread until disposed, which stops it and surfaces its failure.</summary>
internal sealed class HeatmapSinkRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public HeatmapSinkRun(HeatmapSink sink)
    {
        Sink = sink;
        _run = Task.Factory.StartNew(() => sink.RunAsync(_stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public HeatmapSink Sink { get; }

    public bool Faulted => _run.IsFaulted;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
