using StreamAgg.Simulator.Production;
using Microsoft.Extensions.Time.Testing;
using StreamAgg.Simulator.Tests.Support;
using Xunit;

namespace StreamAgg.Simulator.Tests.Production;

public sealed class ProductionPacerTests
{
    private const long StartMs = 1_795_161_600_000;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(StartMs));
    // The fake clock's timestamps count from its start time, not from zero.
    private TimeSpan Elapsed => _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(StartMs);

    [Theory]
    [InlineData(500)]
    [InlineData(20_000)]
    public void DelayBefore_RateLimitedWithoutClock_SendsAtTheConfiguredRate(double rate)
    {
        var pacer = new ProductionPacer(_time, StartMs, double.PositiveInfinity, rate);
        int count = (int)(rate * 10);

        for (int i = 0; i < count; i++)
            WaitAsTold(pacer, StartMs);

        double seconds = Elapsed.TotalSeconds;
        Assert.InRange(count / seconds, rate * 0.98, rate * 1.02);
    }

    [Fact]
    public void DelayBefore_LiveClock_WaitsUntilWallTimeReachesTheSendTime()
    {
        var pacer = new ProductionPacer(_time, StartMs, speedup: 1, eventsPerSecond: null);

        Assert.Equal(TimeSpan.Zero, pacer.DelayBefore(StartMs));
        Assert.Equal(TimeSpan.FromSeconds(5), pacer.DelayBefore(StartMs + 5000));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.Zero, pacer.DelayBefore(StartMs + 5000));
        Assert.Equal(StartMs + 5000, pacer.SimulatedNowMs());
    }

    [Fact]
    public void DelayBefore_Speedup_CompressesSimulatedTime()
    {
        var pacer = new ProductionPacer(_time, StartMs, speedup: 1440, eventsPerSecond: null);

        Assert.Equal(TimeSpan.FromSeconds(60), pacer.DelayBefore(StartMs + 86_400_000));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(StartMs + 43_200_000, pacer.SimulatedNowMs());
    }

    [Fact]
    public void DelayBefore_SlowWorkloadUnderAHighRate_FollowsTheClockNotTheRate()
    {
        var pacer = new ProductionPacer(_time, StartMs, speedup: 1, eventsPerSecond: 1000);

        // One event per simulated second: the clock, not the rate limit, sets the pace.
        for (int i = 0; i < 100; i++)
            WaitAsTold(pacer, StartMs + (i * 1000));

        // Fake time: how far the pacer made the test's clock advance.
        TimeSpan waited = Elapsed;
        Assert.Equal(TimeSpan.FromSeconds(99), waited);
    }

    [Fact]
    public void DelayBefore_TinyWait_IsAtLeastOneMillisecond()
    {
        var pacer = new ProductionPacer(_time, StartMs, speedup: 1, eventsPerSecond: null);

        Assert.Equal(TimeSpan.FromMilliseconds(1), pacer.DelayBefore(StartMs + 1));
        Assert.Equal(TimeSpan.FromMilliseconds(1), new ProductionPacer(_time, StartMs, 1_000_000, null).DelayBefore(StartMs + 1));
    }

    private void WaitAsTold(ProductionPacer pacer, long sendTimeMs)
    {
        TimeSpan wait;
        while ((wait = pacer.DelayBefore(sendTimeMs)) > TimeSpan.Zero)
            _time.Advance(wait);
    }
}
