using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace StreamAgg.Sink.Consuming;

/// <summary>
/// One of the sink's retries of PostgreSQL work that failed for a passing reason (the server down,
/// a connection lost, a timeout): a Polly retry that runs the same work again after a delay that
/// starts at <c>initialDelay</c> and doubles up to <c>maxDelay</c> (no jitter), without a limit on
/// attempts, as long as the sink is not stopping. Retrying is safe because a failed transaction
/// stored nothing. The delays run on the sink's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class SinkRetry
{
    private static readonly ResiliencePropertyKey<string> WhatKey = new("streamagg.sink.retry.what");

    private readonly ResiliencePipeline _pipeline;

    /// <param name="initialDelay">The first wait.</param>
    /// <param name="maxDelay">The longest wait.</param>
    /// <param name="time">The clock the waits run on.</param>
    /// <param name="logger">Where each retry is logged, as a warning with its exception.</param>
    /// <param name="isTransient">Whether an exception is worth another try; anything else is thrown.</param>
    /// <param name="onRetry">Called before each wait (counters).</param>
    public SinkRetry(TimeSpan initialDelay, TimeSpan maxDelay, TimeProvider time, ILogger logger, Func<Exception, bool> isTransient, Action? onRetry = null)
    {
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && isTransient(e) && !args.Context.CancellationToken.IsCancellationRequested),
                BackoffType = DelayBackoffType.Exponential,
                Delay = initialDelay,
                MaxDelay = maxDelay,
                UseJitter = false,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    onRetry?.Invoke();
                    var what = args.Context.Properties.GetValue(WhatKey, "work");
                    logger.LogWarning(args.Outcome.Exception, "Could not {What}; retrying in {Delay}", what, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Runs <paramref name="work"/> until it succeeds, fails for a reason that is not transient, or <paramref name="ct"/> is cancelled.</summary>
    /// <param name="what">The work in log lines ("store 200 heatmap deltas").</param>
    /// <param name="work">The work; it gets <paramref name="ct"/>.</param>
    /// <param name="ct">Stops the waiting.</param>
    public async Task<T> ExecuteAsync<T>(string what, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(WhatKey, what);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (context, work) => await work(context.CancellationToken).ConfigureAwait(false), context, work).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Synchronous twin of <see cref="ExecuteAsync{T}"/>, for Kafka's rebalance callbacks (which cannot await).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled while waiting.</exception>
    public T Execute<T>(string what, Func<T> work, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(WhatKey, what);
        try
        {
            return _pipeline.Execute(static (_, work) => work(), context, work);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
