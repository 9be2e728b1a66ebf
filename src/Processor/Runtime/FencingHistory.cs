namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Tells a producer fenced because its transaction outlived the transaction timeout (the
/// coordinator aborted it: a new producer with the same transactional id carries on) from one
/// fenced by another live process using the same transactional id (a new producer would fence
/// that twin in turn, forever: the processor must stop). Time comes from the injected clock.
/// </summary>
/// <remarks>
/// The coordinator starts a transaction's clock when its first partition or offsets reach it,
/// which is after our BeginTransaction: a transaction we have had open for no longer than the
/// timeout cannot have timed out there, so a newer incarnation of our transactional id fenced it.
/// A twin fences us right after its producer starts, and our transactions last a commit interval,
/// so the first fencing by a twin is judged at once. The count is the backstop that bounds the
/// rest: a fencing that finds our transaction old can be either cause, and a lone instance
/// cannot be fenced by timeouts more than twice within two timeouts (each needs a transaction of
/// its own that lived a whole timeout).
/// </remarks>
internal sealed class FencingHistory(TimeSpan transactionTimeout, TimeProvider time)
{
    /// <summary>This many fencings within <see cref="Window"/> stop the processor whatever each looked like.</summary>
    public const int MostWithinWindow = 3;

    // When each recent fencing was seen (timestamps of the clock).
    private readonly Queue<long> _recent = new();

    /// <summary>How far back fencings count towards <see cref="MostWithinWindow"/>.</summary>
    public TimeSpan Window { get; } = transactionTimeout * 10;

    /// <summary>
    /// The producer was fenced, seen now, while the transaction the coordinator may still count as
    /// open had been open since <paramref name="transactionOpenedAt"/> (a timestamp of the clock;
    /// null: none was open).
    /// </summary>
    public FenceCause Fenced(long? transactionOpenedAt)
    {
        var now = time.GetTimestamp();
        while (_recent.Count > 0 && time.GetElapsedTime(_recent.Peek(), now) > Window)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue(now);
        if (transactionOpenedAt is not { } opened || time.GetElapsedTime(opened, now) <= transactionTimeout)
        {
            return FenceCause.AnotherInstance;
        }

        return _recent.Count >= MostWithinWindow ? FenceCause.RepeatedFencing : FenceCause.TransactionTimedOut;
    }
}
