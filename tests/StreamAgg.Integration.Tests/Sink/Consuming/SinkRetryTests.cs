using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StreamAgg.Sink.Consuming;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Consuming;

public sealed class SinkRetryTests
{
    [Fact]
    public async Task ExecuteAsync_TransientFailures_WaitsDoublingDelaysOnTheInjectedClockUpToTheMaximum()
    {
        var time = new TimerCountingTime();
        var logger = new FakeLogger();
        var retried = 0;
        var retry = new SinkRetry(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), time, logger, e => e is NpgsqlException, () => Interlocked.Increment(ref retried));
        var attempts = 0;

        var run = retry.ExecuteAsync("store 3 things", _ =>
            Interlocked.Increment(ref attempts) <= 4 ? Task.FromException<int>(new NpgsqlException("down")) : Task.FromResult(42), CancellationToken.None);

        // Each attempt after the first waits for the fake clock: once its delay's timer exists,
        // advancing the clock by exactly the expected delay releases the next attempt (a longer
        // expected delay would hang, and fail). Advancing before the timer exists would be lost.
        foreach (var (attempt, delay) in new[] { (1, 200), (2, 400), (3, 500), (4, 500) })
        {
            await Eventually.HoldsAsync(() => Volatile.Read(ref attempts) == attempt && Volatile.Read(ref retried) == attempt && time.TimersCreated == attempt, $"attempt {attempt} failed and waits");
            time.Advance(TimeSpan.FromMilliseconds(delay));
        }

        Assert.Equal(42, await run);
        Assert.Equal(5, attempts);
        var warnings = logger.Collector.GetSnapshot();
        Assert.Equal(4, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.Equal(
            ["Could not store 3 things; retrying in 00:00:00.2000000", "Could not store 3 things; retrying in 00:00:00.4000000",
             "Could not store 3 things; retrying in 00:00:00.5000000", "Could not store 3 things; retrying in 00:00:00.5000000"],
            warnings.Select(w => w.Message));
    }

    [Fact]
    public async Task ExecuteAsync_AFailureThatIsNotTransient_IsThrownWithoutRetrying()
    {
        var retry = new SinkRetry(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), new FakeTimeProvider(), new FakeLogger(), e => e is NpgsqlException);
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => retry.ExecuteAsync<int>("store", _ =>
        {
            attempts++;
            throw new InvalidOperationException("not transient");
        }, CancellationToken.None));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledWhileWaiting_StopsWithoutAnotherAttempt()
    {
        var time = new FakeTimeProvider();
        var retry = new SinkRetry(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), time, new FakeLogger(), e => e is NpgsqlException);
        using var stop = new CancellationTokenSource();
        var attempts = 0;

        var run = retry.ExecuteAsync<int>("store", _ =>
        {
            Interlocked.Increment(ref attempts);
            throw new NpgsqlException("down");
        }, stop.Token);
        await Eventually.HoldsAsync(() => Volatile.Read(ref attempts) == 1, "the first attempt failed");
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Execute_TransientFailure_RetriesSynchronouslyOnTheInjectedClock()
    {
        var time = new TimerCountingTime();
        var retry = new SinkRetry(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), time, new FakeLogger(), e => e is NpgsqlException);
        var attempts = 0;

        var run = Task.Run(() => retry.Execute("read offsets", () =>
            Interlocked.Increment(ref attempts) == 1 ? throw new NpgsqlException("down") : 7, CancellationToken.None));
        // The clock is advanced only once the retry's delay is waiting on it.
        await Eventually.HoldsAsync(() => Volatile.Read(ref attempts) == 1 && time.TimersCreated == 1, "the first attempt failed and its retry waits");
        time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(7, await run);
        Assert.Equal(2, attempts);
    }

    /// <summary>A fake clock that counts the timers created on it (a retry's delay is one).</summary>
    private sealed class TimerCountingTime : FakeTimeProvider
    {
        private int _timersCreated;

        public int TimersCreated => Volatile.Read(ref _timersCreated);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timersCreated);
            return timer;
        }
    }
}
