namespace StreamAgg.Processor.Runtime;

/// <summary>Where a stream thread is in its life; readiness checks read it.</summary>
public enum StreamThreadState
{
    /// <summary>Built, not started.</summary>
    Created,
    /// <summary>Reading the global tables and restoring task state; not processing yet.</summary>
    Starting,
    /// <summary>In the group, state restored, processing.</summary>
    Running,
    /// <summary>Committed its work and left the group.</summary>
    Stopped,
    /// <summary>Stopped by an error it could not recover from.</summary>
    Failed,
}
