using StreamAgg.Sink.Consuming;

namespace StreamAgg.Integration.Tests.Sink.Consuming;

/// <summary>A sink running on its own thread until disposed, which stops it and surfaces its failure.</summary>
internal sealed class SinkRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public SinkRun(EngagementSink sink)
    {
        Sink = sink;
        _run = Task.Factory.StartNew(() => sink.RunAsync(_stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public EngagementSink Sink { get; }

    public bool Faulted => _run.IsFaulted;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
