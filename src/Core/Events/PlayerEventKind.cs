namespace StreamAgg.Core.Events;

/// <summary>The kinds of player event SEMANTICS.md §1 accepts (wire names <c>video_play</c> …).</summary>
public enum PlayerEventKind : byte
{
    /// <summary><c>video_play</c></summary>
    Play,
    /// <summary><c>video_pause</c></summary>
    Pause,
    /// <summary><c>video_resume</c></summary>
    Resume,
    /// <summary><c>video_seek</c></summary>
    Seek,
    /// <summary><c>video_heartbeat</c></summary>
    Heartbeat,
    /// <summary><c>video_end</c></summary>
    End,
}
