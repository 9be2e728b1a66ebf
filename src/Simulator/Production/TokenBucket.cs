namespace StreamAgg.Simulator.Production;

/// <summary>
/// A token bucket on <see cref="TimeProvider"/> timestamps: tokens accrue at a fixed rate up to a
/// small burst capacity, and each message takes one. Pure arithmetic: the caller passes the time.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _ratePerSecond;
    private readonly double _capacity;
    private readonly long _frequency;
    private double _tokens = 1;
    private long _last;

    public TokenBucket(double ratePerSecond, long nowTimestamp, long timestampFrequency)
    {
        _ratePerSecond = ratePerSecond;
        // 50 ms worth of tokens: smooth at a human scale, yet large enough that a timer's
        // millisecond granularity does not cap high rates.
        _capacity = Math.Max(1, ratePerSecond * 0.05);
        _frequency = timestampFrequency;
        _last = nowTimestamp;
    }

    public double Capacity => _capacity;

    /// <summary>Takes one token if there is one.</summary>
    public bool TryTake(long nowTimestamp)
    {
        Refill(nowTimestamp);
        if (_tokens < 1)
            return false;
        _tokens -= 1;
        return true;
    }

    /// <summary>How long until one token is there (zero if it is now).</summary>
    public TimeSpan TimeUntilAvailable(long nowTimestamp)
    {
        Refill(nowTimestamp);
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / _ratePerSecond);
    }

    private void Refill(long nowTimestamp)
    {
        if (nowTimestamp <= _last)
            return;
        _tokens = Math.Min(_capacity, _tokens + ((nowTimestamp - _last) * _ratePerSecond / _frequency));
        _last = nowTimestamp;
    }
}
