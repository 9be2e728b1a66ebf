namespace StreamAgg.Core.Engagement;

/// <summary>
/// Why the latest session of a key ended (reported through <see cref="IEngagementOutput.OnSessionClosed"/>).
/// Every session that opens is closed exactly once, with one of these causes.
/// </summary>
public enum SessionCloseCause : byte
{
    /// <summary>No event for longer than the session timeout, and its newest event was not a <c>video_end</c> (the browser that closed without a word).</summary>
    Timeout,
    /// <summary>A newer event of the key carried another <c>sessionId</c>: the player started a new session.</summary>
    NewSession,
    /// <summary>Closed (by the timeout or the end of input) after its newest event was a <c>video_end</c>.</summary>
    End,
}
