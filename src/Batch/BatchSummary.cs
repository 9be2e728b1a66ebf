namespace StreamAgg.Batch;

/// <summary>What a batch aggregation read and wrote.</summary>
public sealed record BatchSummary
{
    /// <summary>Non-blank input lines.</summary>
    public long Lines { get; init; }
    /// <summary>Events applied.</summary>
    public long Applied { get; init; }
    /// <summary>Duplicates dropped (counted in rows, not dead letters).</summary>
    public long Duplicates { get; init; }
    /// <summary>Dead letters, by wire reason.</summary>
    public required IReadOnlyDictionary<string, long> DeadLetters { get; init; }
    /// <summary>Engagement rows written.</summary>
    public int Rows { get; init; }
    /// <summary>Heatmap rows written.</summary>
    public long HeatmapRows { get; init; }
    /// <summary>Video metadata lines that could not be read.</summary>
    public int BadVideoLines { get; init; }
    /// <summary>
    /// The first <c>internal_error</c> dead letter's line and exception (a defect in StreamAgg:
    /// the event was set aside and the run went on), or null when there was none.
    /// </summary>
    public string? FirstInternalError { get; init; }
}
