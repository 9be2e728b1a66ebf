using StreamAgg.Simulator.Production;
using Microsoft.Extensions.Time.Testing;
using StreamAgg.Simulator.Tests.Support;
using Xunit;

namespace StreamAgg.Simulator.Tests.Production;

public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void TryTake_GreedilyForTenSeconds_GivesTheConfiguredRate()
    {
        var bucket = new TokenBucket(1000, _time.GetTimestamp(), _time.TimestampFrequency);
        long taken = 0;

        for (int step = 0; step < 10_000; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            while (bucket.TryTake(_time.GetTimestamp()))
                taken++;
        }

        Assert.InRange(taken, 10_000, 10_001);
    }

    [Fact]
    public void TryTake_AfterAnHourIdle_BurstsNoMoreThanTheCapacity()
    {
        var bucket = new TokenBucket(1000, _time.GetTimestamp(), _time.TimestampFrequency);
        _time.Advance(TimeSpan.FromHours(1));
        long burst = 0;

        while (bucket.TryTake(_time.GetTimestamp()))
            burst++;

        Assert.Equal(50, bucket.Capacity);
        Assert.Equal(50, burst);
    }

    [Fact]
    public void TimeUntilAvailable_WhenEmpty_IsTheTimeOfOneToken()
    {
        var bucket = new TokenBucket(200, _time.GetTimestamp(), _time.TimestampFrequency);
        Assert.True(bucket.TryTake(_time.GetTimestamp()));

        Assert.Equal(TimeSpan.FromMilliseconds(5), bucket.TimeUntilAvailable(_time.GetTimestamp()));
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(TimeSpan.Zero, bucket.TimeUntilAvailable(_time.GetTimestamp()));
    }
}
