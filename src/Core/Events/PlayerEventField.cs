namespace StreamAgg.Core.Events;

/// <summary>The property names of SEMANTICS.md §1 the parser reads; everything else is ignored.</summary>
internal enum PlayerEventField : byte
{
    Unknown,
    UserId,
    VideoId,
    EventName,
    Timestamp,
    CurrentTime,
    SessionId,
    EventId,
    VideoDuration,
    VideoTitle,
    PlaybackRate,
    FromTime,
}
