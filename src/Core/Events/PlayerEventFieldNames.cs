namespace StreamAgg.Core.Events;

/// <summary>Matches an unescaped UTF-8 property name to a <see cref="PlayerEventField"/> (exact, case-sensitive).</summary>
internal static class PlayerEventFieldNames
{
    /// <summary>The longest known name, "videoDuration".</summary>
    public const int MaxLength = 13;

    public static PlayerEventField Match(ReadOnlySpan<byte> name) => name.Length switch
    {
        6 => Is(name, "userId"u8, PlayerEventField.UserId),
        7 => name[0] == 'v' ? Is(name, "videoId"u8, PlayerEventField.VideoId) : Is(name, "eventId"u8, PlayerEventField.EventId),
        8 => Is(name, "fromTime"u8, PlayerEventField.FromTime),
        9 => name[0] switch
        {
            (byte)'e' => Is(name, "eventName"u8, PlayerEventField.EventName),
            (byte)'t' => Is(name, "timestamp"u8, PlayerEventField.Timestamp),
            _ => Is(name, "sessionId"u8, PlayerEventField.SessionId),
        },
        10 => Is(name, "videoTitle"u8, PlayerEventField.VideoTitle),
        11 => Is(name, "currentTime"u8, PlayerEventField.CurrentTime),
        12 => Is(name, "playbackRate"u8, PlayerEventField.PlaybackRate),
        13 => Is(name, "videoDuration"u8, PlayerEventField.VideoDuration),
        _ => PlayerEventField.Unknown,
    };

    private static PlayerEventField Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> known, PlayerEventField field) =>
        name.SequenceEqual(known) ? field : PlayerEventField.Unknown;
}
