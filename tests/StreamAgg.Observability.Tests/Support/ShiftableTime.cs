namespace StreamAgg.Observability.Tests.Support;

/// <summary>The system clock plus an offset a test moves forward, so a running processor sees quiet partitions go idle.</summary>
internal sealed class ShiftableTime : TimeProvider
{
    private long _offsetTicks;

    public void Shift(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
