namespace StreamAgg.Simulator.Production;

/// <summary>Calls the progress callback at most once per interval of wall time, with the rate since the last call.</summary>
internal sealed class ProgressClock
{
    private readonly TimeProvider _time;
    private readonly Action<SimulationProgress>? _onProgress;
    private readonly long _startTimestamp;
    private long _lastTimestamp;
    private long _lastSent;

    public ProgressClock(TimeProvider time, TimeSpan interval, Action<SimulationProgress>? onProgress)
    {
        _time = time;
        Interval = interval;
        _onProgress = onProgress;
        _startTimestamp = time.GetTimestamp();
        _lastTimestamp = _startTimestamp;
    }

    public TimeSpan Interval { get; }

    public void Report(RunState run, DeliveryTally events, DeliveryTally metadata, bool force)
    {
        if (_onProgress is null)
            return;
        long now = _time.GetTimestamp();
        var sinceLast = _time.GetElapsedTime(_lastTimestamp, now);
        if (!force && sinceLast < Interval)
            return;
        double rate = sinceLast > TimeSpan.Zero ? (run.EventsSent - _lastSent) / sinceLast.TotalSeconds : 0;
        _lastTimestamp = now;
        _lastSent = run.EventsSent;
        _onProgress(new SimulationProgress(
            run.EventsSent,
            events.Delivered,
            events.Failed + metadata.Failed,
            rate,
            DateTimeOffset.FromUnixTimeMilliseconds(run.LastSendMs),
            _time.GetElapsedTime(_startTimestamp, now),
            events.LastError ?? metadata.LastError));
    }
}
