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

    // The setters below are the one place that turns a field's JSON value into its state, so the
    // full reader (PlayerEventParser) and the fast one (FlatEventReader) cannot disagree.

    /// <summary>A known field whose value is a string (unescaped UTF-8).</summary>
    public void SetString(PlayerEventField field, ReadOnlySpan<byte> utf8, Utf8StringPool strings)
    {
        switch (field)
        {
            case PlayerEventField.UserId:
                UserIdState = ReadId(utf8, strings, out UserId);
                break;
            case PlayerEventField.VideoId:
                VideoIdState = ReadId(utf8, strings, out VideoId);
                break;
            case PlayerEventField.EventName:
                EventNameState = PlayerEventKinds.TryParse(utf8, out Kind) ? FieldState.Valid : FieldState.Invalid;
                break;
            case PlayerEventField.Timestamp:
                TimestampState = EventTimestamp.TryParseIso8601(utf8, out TimestampMs) ? FieldState.Valid : FieldState.Invalid;
                break;
            case PlayerEventField.SessionId:
                SessionId = strings.GetOrAdd(utf8);
                SessionIdState = FieldState.Valid;
                break;
            case PlayerEventField.EventId:
                EventIdHash = StableHash64.Compute(utf8);
                EventIdState = FieldState.Valid;
                break;
            case PlayerEventField.VideoTitle:
                VideoTitle = strings.GetOrAdd(utf8);
                VideoTitleState = FieldState.Valid;
                break;
            default:
                SetWrongType(field);
                break;
        }
    }

    /// <summary>
    /// A known field whose value is a number: <paramref name="isDouble"/> says whether it reads
    /// as a double (<paramref name="number"/>, possibly infinite), <paramref name="isInt64"/>
    /// whether it is an integer literal in range of a long (<paramref name="integer"/>).
    /// </summary>
    public void SetNumber(PlayerEventField field, bool isDouble, double number, bool isInt64, long integer)
    {
        switch (field)
        {
            case PlayerEventField.Timestamp:
                TimestampMs = integer;
                TimestampState = isInt64 && EventTimestamp.IsInRange(integer) ? FieldState.Valid : FieldState.Invalid;
                break;
            case PlayerEventField.CurrentTime:
                CurrentTimeState = ReadNumber(isDouble, number, out CurrentTime, lowerInclusive: true, PlayerEventLimits.MaxPositionSeconds);
                break;
            case PlayerEventField.VideoDuration:
                VideoDurationState = ReadNumber(isDouble, number, out VideoDuration, lowerInclusive: false, PlayerEventLimits.MaxPositionSeconds);
                break;
            case PlayerEventField.PlaybackRate:
                PlaybackRateState = ReadNumber(isDouble, number, out PlaybackRate, lowerInclusive: false, PlayerEventLimits.MaxPlaybackRate);
                break;
            case PlayerEventField.FromTime:
                FromTimeState = ReadNumber(isDouble, number, out FromTime, lowerInclusive: true, PlayerEventLimits.MaxPositionSeconds);
                break;
            default:
                SetWrongType(field);
                break;
        }
    }

    /// <summary>A known field that is JSON <c>null</c>: the same as absent.</summary>
    public void SetNull(PlayerEventField field) => SetState(field, FieldState.Absent);

    /// <summary>A known field of the wrong JSON type (<c>true</c>, <c>false</c>, an object, an array, …).</summary>
    public void SetWrongType(PlayerEventField field) => SetState(field, FieldState.Invalid);

    private void SetState(PlayerEventField field, FieldState state)
    {
        switch (field)
        {
            case PlayerEventField.UserId: UserIdState = state; break;
            case PlayerEventField.VideoId: VideoIdState = state; break;
            case PlayerEventField.EventName: EventNameState = state; break;
            case PlayerEventField.Timestamp: TimestampState = state; break;
            case PlayerEventField.CurrentTime: CurrentTimeState = state; break;
            case PlayerEventField.SessionId: SessionIdState = state; break;
            case PlayerEventField.EventId: EventIdState = state; break;
            case PlayerEventField.VideoDuration: VideoDurationState = state; break;
            case PlayerEventField.VideoTitle: VideoTitleState = state; break;
            case PlayerEventField.PlaybackRate: PlaybackRateState = state; break;
            case PlayerEventField.FromTime: FromTimeState = state; break;
            default: break;
        }
    }

    /// <summary>userId/videoId: a non-empty string; empty is as bad as absent.</summary>
    private static FieldState ReadId(ReadOnlySpan<byte> utf8, Utf8StringPool strings, out string? value)
    {
        value = strings.GetOrAdd(utf8);
        return value.Length == 0 ? FieldState.Invalid : FieldState.Valid;
    }

    /// <summary>A finite number from 0 (included or not) to <paramref name="upperBound"/> (included).</summary>
    private static FieldState ReadNumber(bool isDouble, double number, out double value, bool lowerInclusive, double upperBound)
    {
        value = 0;

        // A number out of double range (1e400) reads as infinity, so finiteness is checked here.
        if (!isDouble || !double.IsFinite(number))
        {
            return FieldState.Invalid;
        }

        if ((lowerInclusive ? number < 0 : number <= 0) || number > upperBound)
        {
            return FieldState.Invalid;
        }

        value = number + 0.0; // -0 becomes +0
        return FieldState.Valid;
    }

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
