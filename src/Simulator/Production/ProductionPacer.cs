namespace StreamAgg.Simulator.Production;

/// <summary>
/// Decides when a message may go out: not before the simulated clock (simulated start plus wall
/// time elapsed × speedup) reaches its send time, and not faster than the rate limit.
/// </summary>
internal sealed class ProductionPacer
{
    // Shorter waits would round down to no wait at all in Task.Delay and spin.
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly long _simulatedStartMs;
    private readonly double _speedup;
    private readonly TokenBucket? _bucket;

    public ProductionPacer(TimeProvider time, long simulatedStartMs, double speedup, double? eventsPerSecond)
    {
        _time = time;
        _startTimestamp = time.GetTimestamp();
        _simulatedStartMs = simulatedStartMs;
        _speedup = speedup;
        if (eventsPerSecond is { } rate)
            _bucket = new TokenBucket(rate, _startTimestamp, time.TimestampFrequency);
    }

    /// <summary>The simulated time now, epoch milliseconds (the start itself when time is not paced).</summary>
    public long SimulatedNowMs()
    {
        if (double.IsPositiveInfinity(_speedup))
            return _simulatedStartMs;
        double elapsedMs = _time.GetElapsedTime(_startTimestamp).TotalMilliseconds;
        return _simulatedStartMs + (long)(elapsedMs * _speedup);
    }

    /// <summary>
    /// Zero when a message with this send time may go now (it then takes its token); otherwise how
    /// long to wait before asking again.
    /// </summary>
    public TimeSpan DelayBefore(long sendTimeMs)
    {
        if (!double.IsPositiveInfinity(_speedup))
        {
            long ahead = sendTimeMs - SimulatedNowMs();
            if (ahead > 0)
                return AtLeastMinimum(TimeSpan.FromMilliseconds(ahead / _speedup));
        }

        if (_bucket is null)
            return TimeSpan.Zero;
        long now = _time.GetTimestamp();
        return _bucket.TryTake(now) ? TimeSpan.Zero : AtLeastMinimum(_bucket.TimeUntilAvailable(now));
    }

    private static TimeSpan AtLeastMinimum(TimeSpan wait) => wait < MinimumWait ? MinimumWait : wait;
}
