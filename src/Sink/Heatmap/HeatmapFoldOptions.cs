namespace StreamAgg.Sink.Heatmap;

/// <summary>How often the heatmap sink folds merged days into the monthly rollup (<see cref="HeatmapMonthFolder"/>).</summary>
public sealed record HeatmapFoldOptions
{
    /// <summary>
    /// Unfolded months are folded at most this often. Queries are exact either way; a longer
    /// interval only leaves more daily rows for a whole-month query to union, and keeps daily rows
    /// past their retention a little longer (they are deleted only once folded).
    /// </summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many (video, month)s are folded per round, the longest waiting first; the rest wait for the next round.</summary>
    public int MaxMonthsPerRound { get; init; } = 1_000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Interval, TimeSpan.Zero, nameof(Interval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMonthsPerRound, 1, nameof(MaxMonthsPerRound));
    }
}
