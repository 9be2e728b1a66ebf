using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Integration.Tests.Sink;

/// <summary>A sink running on its own thread until disposed, which stops it and surfaces its failure.</summary>
internal sealed class SinkRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public SinkRun(EngagementSink sink)
        : this(sink.RunAsync)
    {
    }

    public SinkRun(HeatmapSink sink)
        : this(sink.RunAsync)
    {
    }

    private SinkRun(Func<CancellationToken, Task> run) =>
        _run = Task.Factory.StartNew(() => run(_stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    public bool Faulted => _run.IsFaulted;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
