namespace StreamAgg.Simulator.Workload;

/// <summary>Which corruptions produce which dead-letter reason.</summary>
internal static class CorruptionsByReason
{
    private static readonly InjectedFault[] Reasons =
    [
        InjectedFault.InvalidJson, InjectedFault.MissingField, InjectedFault.UnknownEvent,
        InjectedFault.BadTimestamp, InjectedFault.BadPosition, InjectedFault.BadField,
    ];

    private static readonly Corruption[] InvalidJson =
        [Corruption.Truncated, Corruption.PlainText, Corruption.JsonArray, Corruption.JsonString, Corruption.UnquotedKeys];

    private static readonly Corruption[] MissingField =
    [
        Corruption.OmitUserId, Corruption.OmitVideoId, Corruption.OmitEventName, Corruption.OmitTimestamp,
        Corruption.OmitCurrentTime, Corruption.EmptyUserId, Corruption.EmptyVideoId, Corruption.NumericUserId,
    ];

    private static readonly Corruption[] UnknownEvent = [Corruption.UnknownEventName];

    private static readonly Corruption[] BadTimestamp =
        [Corruption.WordTimestamp, Corruption.ZonelessTimestamp, Corruption.SlashedTimestamp, Corruption.ImpossibleTimestamp];

    private static readonly Corruption[] BadPosition = [Corruption.StringCurrentTime, Corruption.NegativeCurrentTime];

    private static readonly Corruption[] BadField =
    [
        Corruption.ZeroPlaybackRate, Corruption.HugePlaybackRate, Corruption.StringPlaybackRate, Corruption.ZeroDuration,
        Corruption.NegativeFromTime, Corruption.NumericSessionId, Corruption.NumericEventId, Corruption.BooleanTitle,
    ];

    /// <summary>The six bad-input reasons, drawn uniformly.</summary>
    public static ReadOnlySpan<InjectedFault> All => Reasons;

    public static ReadOnlySpan<Corruption> For(InjectedFault reason) => reason switch
    {
        InjectedFault.InvalidJson => InvalidJson,
        InjectedFault.MissingField => MissingField,
        InjectedFault.UnknownEvent => UnknownEvent,
        InjectedFault.BadTimestamp => BadTimestamp,
        InjectedFault.BadPosition => BadPosition,
        InjectedFault.BadField => BadField,
        _ => [],
    };
}
