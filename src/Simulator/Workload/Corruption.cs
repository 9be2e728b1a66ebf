namespace StreamAgg.Simulator.Workload;

/// <summary>
/// The ways a broken client spoils an event, grouped by the dead-letter reason each must produce.
/// Every variant keeps the checks that come before its reason (SEMANTICS.md §1 order) passing.
/// </summary>
internal enum Corruption : byte
{
    None,

    // invalid_json
    Truncated,
    PlainText,
    JsonArray,
    JsonString,
    UnquotedKeys,

    // missing_field
    OmitUserId,
    OmitVideoId,
    OmitEventName,
    OmitTimestamp,
    OmitCurrentTime,
    EmptyUserId,
    EmptyVideoId,
    NumericUserId,

    // unknown_event
    UnknownEventName,

    // bad_timestamp
    WordTimestamp,
    ZonelessTimestamp,
    SlashedTimestamp,
    ImpossibleTimestamp,

    // bad_position
    StringCurrentTime,
    NegativeCurrentTime,

    // bad_field
    ZeroPlaybackRate,
    HugePlaybackRate,
    StringPlaybackRate,
    ZeroDuration,
    NegativeFromTime,
    NumericSessionId,
    NumericEventId,
    BooleanTitle,
}
