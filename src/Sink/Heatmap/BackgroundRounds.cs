using Microsoft.Extensions.Logging;
using Npgsql;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// The schedule of upkeep the heatmap sink runs beside its merges (the windows' refresh, the monthly
/// fold): at most one round per interval, the first at once. A round that fails on the database is
/// logged and tried again one interval later: the queries stay exact meanwhile, and the next round
/// finds the same work still marked.
/// </summary>
internal sealed class BackgroundRounds(TimeSpan interval, TimeProvider time, ILogger logger, string work)
{
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private long _failures;

    /// <summary>Rounds that failed (and were tried again one interval later).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Runs <paramref name="round"/> when the interval since the last round has passed; otherwise returns 0.</summary>
    public async Task<int> RunDueAsync(Func<CancellationToken, Task<int>> round, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now < _next)
            return 0;
        _next = now + interval;
        return await round(ct).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="round"/> every interval until cancelled.</summary>
    public async Task RunAsync(Func<CancellationToken, Task<int>> round, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(round, ct).ConfigureAwait(false);
                var wait = _next - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                Interlocked.Increment(ref _failures);
                logger.LogWarning(e, "{Work} failed; trying again in {Interval}", work, interval);
            }
        }
    }
}
