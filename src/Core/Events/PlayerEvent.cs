namespace StreamAgg.Core.Events;

/// <summary>
/// One validated player event (SEMANTICS.md §1). A struct so that the hot path copies it
/// instead of allocating; the strings come from the parser's pool, so recurring ids
/// (users, videos, sessions) are not allocated again for every event.
/// </summary>
public readonly record struct PlayerEvent
{
    /// <summary>The viewer.</summary>
    public required string UserId { get; init; }

    /// <summary>The video.</summary>
    public required string VideoId { get; init; }

    /// <summary>What happened.</summary>
    public required PlayerEventKind Kind { get; init; }

    /// <summary>Event time, Unix epoch milliseconds (UTC).</summary>
    public required long TimestampMs { get; init; }

    /// <summary>Playhead position in seconds (after the seek, for a seek).</summary>
    public required double CurrentTime { get; init; }

    /// <summary>Player session (page view), or null.</summary>
    public string? SessionId { get; init; }

    /// <summary>
    /// A 64-bit hash of <c>eventId</c> when present (0 when absent). Duplicate detection keeps
    /// hashes, not strings, so the per-key tail stays small; a collision within one key's
    /// lateness window is negligible.
    /// </summary>
    public ulong EventIdHash { get; init; }

    /// <summary>Whether <c>eventId</c> was present.</summary>
    public bool HasEventId { get; init; }

    /// <summary>Duration in seconds from the event, or null.</summary>
    public double? VideoDuration { get; init; }

    /// <summary>Title from the event, or null.</summary>
    public string? VideoTitle { get; init; }

    /// <summary>Playback rate in (0, 16], or null when absent (meaning 1).</summary>
    public double? PlaybackRate { get; init; }

    /// <summary>On a seek: the position the viewer left, or null.</summary>
    public double? FromTime { get; init; }
}
