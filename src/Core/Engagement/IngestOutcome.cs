namespace StreamAgg.Core.Engagement;

/// <summary>What became of one raw input in <see cref="EventIngest.Ingest"/>.</summary>
public enum IngestOutcome : byte
{
    /// <summary>Parsed, valid and applied.</summary>
    Applied,
    /// <summary>Valid, but its identity was already seen for the key: dropped and counted in the row (SEMANTICS.md §2).</summary>
    Duplicate,
    /// <summary>Not applied: the caller writes a dead letter with the reason given and the raw input.</summary>
    DeadLetter,
}
