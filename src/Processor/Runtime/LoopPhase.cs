namespace StreamAgg.Processor.Runtime;

/// <summary>Where the stream thread's wall time goes, phase by phase (see <see cref="LoopTimings"/>).</summary>
internal enum LoopPhase
{
    /// <summary>The first Consume of a poll phase, when it returned a record: the only one that may wait.</summary>
    PollWait,

    /// <summary>A first Consume that found nothing within the poll timeout.</summary>
    PollEmpty,

    /// <summary>The Consume calls after the first, which take what is already fetched.</summary>
    PollTake,

    /// <summary>Handing the polled records to their tasks.</summary>
    Process,

    /// <summary>Session timeouts and other scheduled work.</summary>
    Punctuate,

    /// <summary>Every task's coalesced output handed to the producer at a commit.</summary>
    Flush,

    /// <summary>The consumed offsets sent to the open transaction (AddOffsetsToTxn, TxnOffsetCommit).</summary>
    SendOffsets,

    /// <summary>Waiting until every record of the cycle is acknowledged, before the commit.</summary>
    Acknowledge,

    /// <summary>Committing the transaction: its records acknowledged, then EndTxn (at-least-once: the flush).</summary>
    CommitTransaction,

    /// <summary>Beginning a transaction (inside whichever phase sends the cycle's first record).</summary>
    BeginTransaction,

    /// <summary>The offsets committed to the group by the consumer (at-least-once only).</summary>
    GroupCommit,

    /// <summary>Lag and state-size gauges after a commit.</summary>
    Gauges,
}
