namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Another instance owns our partitions now (we lost the group): our uncommitted work is void and
/// the tasks must be dropped and rebuilt.
/// </summary>
public sealed class TaskMigratedException(string message, Exception? inner = null) : Exception(message, inner);
