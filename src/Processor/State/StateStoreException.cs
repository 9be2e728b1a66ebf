namespace StreamAgg.Processor.State;

/// <summary>
/// A task's local state store failed (a full disk, a lost or unreadable state directory). The
/// stream thread stops on it: going on would process events without their keys' history.
/// </summary>
internal sealed class StateStoreException(string message, Exception? inner = null) : Exception(message, inner);
