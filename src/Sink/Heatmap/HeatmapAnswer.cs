namespace StreamAgg.Sink.Heatmap;

/// <summary>A video's heatmap over a range of days, and where it came from.</summary>
/// <param name="VideoId">The video.</param>
/// <param name="From">First UTC day of the range.</param>
/// <param name="To">Last UTC day of the range.</param>
/// <param name="Seconds">Viewers and plays of every second anyone watched, ascending.</param>
/// <param name="Source">The sketches, or a precomputed window.</param>
/// <param name="Window">The window's name (<c>last-90-days</c>) when a window answered.</param>
/// <param name="RefreshedAt">
/// When the window was computed (the refresher's clock), when a window answered; for the rollups,
/// when the oldest day block served although deltas of its day arrived since was built.
/// </param>
/// <param name="Age">How long ago that was (the querying clock).</param>
/// <param name="Current">
/// True when no delta of the video has been stored since (then the answer equals the sketch
/// query); false when it may miss the deltas of the last <paramref name="Age"/>.
/// Always true for the sketches.
/// </param>
public sealed record HeatmapAnswer(
    string VideoId,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<HeatmapSecond> Seconds,
    HeatmapAnswerSource Source,
    string? Window = null,
    DateTimeOffset? RefreshedAt = null,
    TimeSpan? Age = null,
    bool Current = true);
