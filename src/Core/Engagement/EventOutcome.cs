namespace StreamAgg.Core.Engagement;

/// <summary>What the engagement core did with one validated event (SEMANTICS.md §2).</summary>
public enum EventOutcome : byte
{
    /// <summary>Applied (possibly re-ordered within the lateness window).</summary>
    Applied,
    /// <summary>Its identity was already seen for the key: dropped and counted, not a dead letter.</summary>
    Duplicate,
    /// <summary>Older than the key's newest timestamp minus the allowed lateness: a dead letter with reason <c>late</c>.</summary>
    Late,
}
