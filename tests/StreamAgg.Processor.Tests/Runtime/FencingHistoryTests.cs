using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Tests.Runtime;

public sealed class FencingHistoryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Fenced_TransactionOlderThanTheTimeout_IsTheTimeout()
    {
        var history = new FencingHistory(Timeout);

        Assert.Equal(FenceCause.TransactionTimedOut, history.Fenced(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(12)));
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(10)]
    public void Fenced_TransactionNoOlderThanTheTimeout_IsAnotherInstance(double ageSeconds)
    {
        var history = new FencingHistory(Timeout);

        Assert.Equal(FenceCause.AnotherInstance, history.Fenced(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(ageSeconds)));
    }

    [Fact]
    public void Fenced_NoTransactionOpen_IsAnotherInstance()
    {
        var history = new FencingHistory(Timeout);

        Assert.Equal(FenceCause.AnotherInstance, history.Fenced(TimeSpan.FromMinutes(5), transactionAge: null));
    }

    [Fact]
    public void Fenced_ThirdTimeWithinTheWindow_IsRepeatedFencingEvenWhenEachLooksLikeATimeout()
    {
        var history = new FencingHistory(Timeout);
        var old = TimeSpan.FromSeconds(11);

        var first = history.Fenced(TimeSpan.FromSeconds(100), old);
        var second = history.Fenced(TimeSpan.FromSeconds(140), old);
        var third = history.Fenced(TimeSpan.FromSeconds(100) + history.Window, old);

        Assert.Equal([FenceCause.TransactionTimedOut, FenceCause.TransactionTimedOut, FenceCause.RepeatedFencing], [first, second, third]);
    }

    [Fact]
    public void Fenced_OlderFencingsOutsideTheWindow_NoLongerCount()
    {
        var history = new FencingHistory(Timeout);
        var old = TimeSpan.FromSeconds(11);
        history.Fenced(TimeSpan.FromSeconds(100), old);
        history.Fenced(TimeSpan.FromSeconds(140), old);

        var third = history.Fenced(TimeSpan.FromSeconds(100) + history.Window + TimeSpan.FromSeconds(1), old);

        Assert.Equal(FenceCause.TransactionTimedOut, third);
    }
}
