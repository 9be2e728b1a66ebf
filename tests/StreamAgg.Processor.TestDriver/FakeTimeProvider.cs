namespace StreamAgg.Processor.TestDriver;

/// <summary>
/// A clock that stands still until told to move, so session timeouts on the wall clock can be
/// tested without waiting. Timers are not supported: the processor's tasks are handed the time
/// by the loop (or the driver) instead of scheduling their own.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private DateTimeOffset _now;

    /// <summary>A clock that reads <paramref name="start"/> until advanced.</summary>
    public FakeTimeProvider(DateTimeOffset start) => _now = start;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Elapsed-time measurements follow the fake time too.</summary>
    public override long GetTimestamp() => _now.UtcTicks;

    /// <summary>Not supported: nothing under test should wait on a real timer.</summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("The fake clock has no timers; hand the time to the code under test instead.");

    /// <summary>Moves the clock forward by <paramref name="by"/> (never backward).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        _now += by;
    }
}
