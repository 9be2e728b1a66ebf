using StreamAgg.Simulator.Workload;

namespace StreamAgg.Simulator.Production;

/// <summary>The counters of one run, kept on the sending flow only.</summary>
internal sealed class RunState(long startMs)
{
    public long StartMs { get; } = startMs;
    public long EventsSent { get; private set; }
    public long MetadataSent { get; set; }
    public long BadInputSent { get; private set; }
    public long DuplicatesSent { get; private set; }
    public long OutOfOrderSent { get; private set; }
    public long LastSendMs { get; private set; } = startMs;
    public bool Cancelled { get; set; }
    public long Undelivered { get; set; }

    public void Count(in SimulatedEvent message)
    {
        EventsSent++;
        LastSendMs = message.SendTimeMs;
        if (message.Fault.IsBadInput())
            BadInputSent++;
        else if (message.Fault == InjectedFault.Duplicate)
            DuplicatesSent++;
        else if (message.Fault == InjectedFault.OutOfOrder)
            OutOfOrderSent++;
    }
}
