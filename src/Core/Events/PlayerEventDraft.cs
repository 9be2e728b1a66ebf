namespace StreamAgg.Core.Events;

/// <summary>
/// Everything read from one event object before validation. Reading fills it in document
/// order (a repeated key overwrites: the last one wins); <see cref="Validate"/> then applies
/// the checks in the order SEMANTICS.md §1 prescribes, whatever the field order was.
/// </summary>
internal struct PlayerEventDraft
{
    public FieldState UserIdState;
    public string? UserId;
    public FieldState VideoIdState;
    public string? VideoId;
    public FieldState EventNameState;
    public PlayerEventKind Kind;
    public FieldState TimestampState;
    public long TimestampMs;
    public FieldState CurrentTimeState;
    public double CurrentTime;
    public FieldState SessionIdState;
    public string? SessionId;
    public FieldState EventIdState;
    public ulong EventIdHash;
    public FieldState VideoDurationState;
    public double VideoDuration;
    public FieldState VideoTitleState;
    public string? VideoTitle;
    public FieldState PlaybackRateState;
    public double PlaybackRate;
    public FieldState FromTimeState;
    public double FromTime;

    public readonly DeadLetterReason Validate(out PlayerEvent evt)
    {
        evt = default;

        // userId/videoId of a wrong type or empty count as missing (SEMANTICS.md §1); the
        // other required fields are missing only when absent or null.
        if (UserIdState != FieldState.Valid || VideoIdState != FieldState.Valid
            || EventNameState == FieldState.Absent || TimestampState == FieldState.Absent
            || CurrentTimeState == FieldState.Absent)
        {
            return DeadLetterReason.MissingField;
        }

        if (EventNameState == FieldState.Invalid)
        {
            return DeadLetterReason.UnknownEvent;
        }

        if (TimestampState == FieldState.Invalid)
        {
            return DeadLetterReason.BadTimestamp;
        }

        if (CurrentTimeState == FieldState.Invalid)
        {
            return DeadLetterReason.BadPosition;
        }

        if (SessionIdState == FieldState.Invalid || EventIdState == FieldState.Invalid
            || VideoDurationState == FieldState.Invalid || VideoTitleState == FieldState.Invalid
            || PlaybackRateState == FieldState.Invalid || FromTimeState == FieldState.Invalid)
        {
            return DeadLetterReason.BadField;
        }

        evt = new PlayerEvent
        {
            UserId = UserId!,
            VideoId = VideoId!,
            Kind = Kind,
            TimestampMs = TimestampMs,
            CurrentTime = CurrentTime,
            SessionId = SessionIdState == FieldState.Valid ? SessionId : null,
            EventIdHash = EventIdState == FieldState.Valid ? EventIdHash : 0,
            HasEventId = EventIdState == FieldState.Valid,
            VideoDuration = VideoDurationState == FieldState.Valid ? VideoDuration : null,
            VideoTitle = VideoTitleState == FieldState.Valid ? VideoTitle : null,
            PlaybackRate = PlaybackRateState == FieldState.Valid ? PlaybackRate : null,
            FromTime = FromTimeState == FieldState.Valid ? FromTime : null,
        };
        return DeadLetterReason.None;
    }
}
