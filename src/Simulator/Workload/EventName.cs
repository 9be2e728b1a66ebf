namespace StreamAgg.Simulator.Workload;

/// <summary>The six player event names of SEMANTICS.md §1.</summary>
internal enum EventName : byte
{
    Play,
    Pause,
    Resume,
    Seek,
    Heartbeat,
    End,
}
