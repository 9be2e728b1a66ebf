namespace StreamAgg.Processor.Runtime;

/// <summary>
/// The open transaction had to be aborted: in-memory state may hold effects that were never
/// committed, so the tasks must restore from their changelogs and rewind to committed offsets.
/// </summary>
public sealed class TaskCorruptedException(string message, Exception? inner = null) : Exception(message, inner);
