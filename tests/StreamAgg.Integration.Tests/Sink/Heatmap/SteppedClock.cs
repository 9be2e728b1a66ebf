namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>A clock that stands still until the test moves it: refresh intervals and window ages without waiting.</summary>
internal sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
