using Microsoft.Extensions.Time.Testing;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Tests.Runtime;

public sealed class FencingHistoryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
    private readonly long _start;

    public FencingHistoryTests() => _start = _time.GetTimestamp();

    [Fact]
    public void Fenced_TransactionOlderThanTheTimeout_IsTheTimeout()
    {
        var history = new FencingHistory(Timeout, _time);
        var opened = _time.GetTimestamp();

        _time.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal(FenceCause.TransactionTimedOut, history.Fenced(opened));
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(10)]
    public void Fenced_TransactionNoOlderThanTheTimeout_IsAnotherInstance(double ageSeconds)
    {
        var history = new FencingHistory(Timeout, _time);
        var opened = _time.GetTimestamp();

        _time.Advance(TimeSpan.FromSeconds(ageSeconds));

        Assert.Equal(FenceCause.AnotherInstance, history.Fenced(opened));
    }

    [Fact]
    public void Fenced_NoTransactionOpen_IsAnotherInstance()
    {
        var history = new FencingHistory(Timeout, _time);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(FenceCause.AnotherInstance, history.Fenced(transactionOpenedAt: null));
    }

    [Fact]
    public void Fenced_ThirdTimeWithinTheWindow_IsRepeatedFencingEvenWhenEachLooksLikeATimeout()
    {
        var history = new FencingHistory(Timeout, _time);

        var first = FencedAt(history, TimeSpan.FromSeconds(100));
        var second = FencedAt(history, TimeSpan.FromSeconds(140));
        var third = FencedAt(history, TimeSpan.FromSeconds(100) + history.Window);

        Assert.Equal([FenceCause.TransactionTimedOut, FenceCause.TransactionTimedOut, FenceCause.RepeatedFencing], [first, second, third]);
    }

    [Fact]
    public void Fenced_OlderFencingsOutsideTheWindow_NoLongerCount()
    {
        var history = new FencingHistory(Timeout, _time);
        FencedAt(history, TimeSpan.FromSeconds(100));
        FencedAt(history, TimeSpan.FromSeconds(140));

        var third = FencedAt(history, TimeSpan.FromSeconds(101) + history.Window);

        Assert.Equal(FenceCause.TransactionTimedOut, third);
    }

    // Fenced at `at` (from the test's start) with a transaction opened 11 s before: past the 10 s timeout.
    private FenceCause FencedAt(FencingHistory history, TimeSpan at)
    {
        _time.Advance(at - TimeSpan.FromSeconds(11) - _time.GetElapsedTime(_start));
        var opened = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(11));
        return history.Fenced(opened);
    }
}
