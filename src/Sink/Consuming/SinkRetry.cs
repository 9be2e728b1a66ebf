using Microsoft.Extensions.Logging;

namespace StreamAgg.Sink.Consuming;

/// <summary>
/// The sink's retries of PostgreSQL work that failed for a passing reason (the server down, a
/// connection lost, a timeout): the same work again after a delay that starts at
/// <c>initialDelay</c> and doubles up to <c>maxDelay</c>, as long as the sink is not stopping.
/// Retrying is safe because a failed transaction stored nothing.
/// </summary>
internal sealed class SinkRetry(TimeSpan initialDelay, TimeSpan maxDelay, TimeProvider time, ILogger logger)
{
    /// <summary>Runs <paramref name="work"/> until it succeeds, <paramref name="isTransient"/> refuses its exception, or <paramref name="ct"/> is cancelled.</summary>
    /// <param name="what">The work in log lines ("store 200 heatmap deltas").</param>
    /// <param name="work">The work.</param>
    /// <param name="isTransient">Whether an exception is worth another try.</param>
    /// <param name="onRetry">Called before each wait (counters).</param>
    /// <param name="ct">Stops the waiting; the work gets it too.</param>
    public async Task<T> ExecuteAsync<T>(string what, Func<CancellationToken, Task<T>> work, Func<Exception, bool> isTransient, Action? onRetry, CancellationToken ct)
    {
        var delay = initialDelay;
        while (true)
        {
            try
            {
                return await work(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (isTransient(e) && !ct.IsCancellationRequested)
            {
                onRetry?.Invoke();
                logger.LogWarning(e, "Could not {What}; retrying in {Delay}", what, delay);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
            }
        }
    }

    /// <summary>Synchronous twin of <see cref="ExecuteAsync{T}"/>, for Kafka's rebalance callbacks (which cannot await).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled while waiting.</exception>
    public T Execute<T>(string what, Func<T> work, Func<Exception, bool> isTransient, CancellationToken ct)
    {
        var delay = initialDelay;
        while (true)
        {
            try
            {
                return work();
            }
            catch (Exception e) when (isTransient(e) && !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not {What}; retrying in {Delay}", what, delay);
                ct.WaitHandle.WaitOne(delay);
                ct.ThrowIfCancellationRequested();
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
            }
        }
    }
}
