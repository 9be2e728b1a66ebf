using System.Diagnostics;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>
/// A clock that starts at a date the test chooses and runs at real speed from there (the sink's
/// batch deadlines need time to pass; retention needs a known date).
/// </summary>
internal sealed class FixedClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => start + Stopwatch.GetElapsedTime(_started);
}
