namespace StreamAgg.Core.Engagement;

/// <summary>The player's mode within a session (SEMANTICS.md §4).</summary>
internal enum PlaybackMode : byte
{
    Stopped,
    Paused,
    Playing,
}
