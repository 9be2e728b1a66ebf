namespace StreamAgg.Processor.Runtime;

/// <summary>What a fencing of the processor's producer means, as <see cref="FencingHistory"/> judges it.</summary>
internal enum FenceCause : byte
{
    /// <summary>
    /// The transaction had been open longer than the transaction timeout: the cluster may have
    /// aborted it and fenced us for that. Recoverable in process with a new producer.
    /// </summary>
    TransactionTimedOut,

    /// <summary>
    /// The transaction was younger than the transaction timeout, so no timeout fenced it: a newer
    /// producer with our transactional id did, that is another live process with our --instance-id.
    /// </summary>
    AnotherInstance,

    /// <summary>
    /// Fenced too often in a short time, whatever each fencing looked like: a twin that only ever
    /// fences us while our transactions are old, or transactions that keep outliving the timeout.
    /// </summary>
    RepeatedFencing,
}
