namespace StreamAgg.Simulator.Workload;

/// <summary>A message copied aside to be sent later: a duplicate, or an event delivered out of order.</summary>
internal sealed record HeldMessage(Viewer Viewer, byte[] Value, long EventTimeMs, InjectedFault Fault);
