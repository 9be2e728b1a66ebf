namespace StreamAgg.Heatmap;

/// <summary>
/// The heatmap changes of one (video, day) since the previous drain, emitted once per commit
/// interval. Applying it is an upsert per second: plays added, viewers unioned
/// (<c>viewers = viewers || delta</c> in PostgreSQL), so replaying a delta twice over-counts
/// plays but never viewers.
/// </summary>
/// <param name="VideoId">The video.</param>
/// <param name="Day">The UTC day.</param>
/// <param name="Seconds">The changed seconds, ascending, each at most once.</param>
public sealed record HeatmapDelta(string VideoId, DateOnly Day, IReadOnlyList<HeatmapSecondDelta> Seconds);
