namespace StreamAgg.Processor.Observability;

/// <summary>Why the stream thread aborted a transaction (the <c>cause</c> attribute of the abort counter).</summary>
internal enum AbortCause : byte
{
    /// <summary>A send or the commit failed in a way the task recovers from by restoring (TaskCorruptedException).</summary>
    TaskCorrupted,
    /// <summary>The group moved on without this instance (TaskMigratedException).</summary>
    TaskMigrated,
    /// <summary>Partitions were lost to another instance.</summary>
    PartitionsLost,
    /// <summary>The commit before a revocation failed.</summary>
    RevocationCommitFailed,
    /// <summary>Stopped while starting, or on a fatal error.</summary>
    Stopped,
    /// <summary>
    /// The cluster fenced the producer: its transaction outlived the transaction timeout (the
    /// producer is replaced and the tasks restore), or another process uses the same instance id.
    /// </summary>
    Fenced,
}
