using StreamAgg.Core.Events;

namespace StreamAgg.Core.Engagement;

/// <summary>
/// The part of a player event the state machine needs, kept while the event is not yet final.
/// Absent optional numbers are NaN rather than <see cref="Nullable{T}"/>, which keeps the struct
/// at 56 bytes plus two string references (interned by the parser).
/// </summary>
internal struct PendingEvent
{
    public long TimestampMs;
    public double CurrentTime;
    public double FromTime;
    public double PlaybackRate;
    public double VideoDuration;
    public string? SessionId;
    public string? VideoTitle;
    public PlayerEventKind Kind;

    public readonly bool HasFromTime => !double.IsNaN(FromTime);

    public static PendingEvent From(in PlayerEvent evt) => new()
    {
        TimestampMs = evt.TimestampMs,
        CurrentTime = evt.CurrentTime,
        FromTime = evt.FromTime ?? double.NaN,
        PlaybackRate = evt.PlaybackRate ?? double.NaN,
        VideoDuration = evt.VideoDuration ?? double.NaN,
        SessionId = evt.SessionId,
        VideoTitle = evt.VideoTitle,
        Kind = evt.Kind,
    };
}
