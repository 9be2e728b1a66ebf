namespace StreamAgg.Simulator.Workload;

/// <summary>
/// When something is due, with a tie-breaker so that equal times resolve the same way in every
/// run (the generator must be deterministic for a seed).
/// </summary>
internal readonly record struct AgendaSlot(long TimeMs, long Tie) : IComparable<AgendaSlot>
{
    public int CompareTo(AgendaSlot other)
    {
        int byTime = TimeMs.CompareTo(other.TimeMs);
        return byTime != 0 ? byTime : Tie.CompareTo(other.Tie);
    }
}
