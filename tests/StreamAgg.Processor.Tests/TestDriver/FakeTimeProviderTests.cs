using StreamAgg.Processor.TestDriver;

namespace StreamAgg.Processor.Tests.TestDriver;

public sealed class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUtcNow_NotAdvanced_StandsStill()
    {
        var time = new FakeTimeProvider(Start);

        Assert.Equal(Start, time.GetUtcNow());
        Assert.Equal(Start, time.GetUtcNow());
    }

    [Fact]
    public void Advance_ByAnInterval_MovesNowAndElapsedTimeAlike()
    {
        var time = new FakeTimeProvider(Start);
        long before = time.GetTimestamp();

        time.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(Start.AddMinutes(31), time.GetUtcNow());
        // Fake time, not wall-clock time: the provider must report what Advance moved it by.
        TimeSpan advanced = time.GetElapsedTime(before);
        Assert.Equal(TimeSpan.FromMinutes(31), advanced);
    }

    [Fact]
    public void Advance_Backward_Throws()
    {
        var time = new FakeTimeProvider(Start);

        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromTicks(-1)));
        Assert.Equal(Start, time.GetUtcNow());
    }

    [Fact]
    public void CreateTimer_Always_NotSupported()
    {
        var time = new FakeTimeProvider(Start);

        Assert.Throws<NotSupportedException>(() => time.CreateTimer(_ => { }, null, TimeSpan.Zero, TimeSpan.Zero));
    }
}
