namespace StreamAgg.Core.Events;

/// <summary>
/// The ranges SEMANTICS.md §1 accepts at the border. Everything behind the parser may assume
/// them: no position, duration or rate inside them can overflow a per-second heatmap index or a
/// millisecond clock, however long the gap between two events.
/// </summary>
public static class PlayerEventLimits
{
    /// <summary>Largest <c>currentTime</c>, <c>fromTime</c> and <c>videoDuration</c>, in seconds (about 115 days).</summary>
    public const double MaxPositionSeconds = 10_000_000;

    /// <summary>Largest <c>playbackRate</c>.</summary>
    public const double MaxPlaybackRate = 16;

    /// <summary>Deepest JSON nesting accepted, the top-level object counting as one level.</summary>
    public const int MaxNestingDepth = 64;
}
