namespace StreamAgg.Core.Events;

/// <summary>Wire names of <see cref="PlayerEventKind"/> (<c>video_play</c> …), without allocation.</summary>
public static class PlayerEventKinds
{
    /// <summary>The wire name, e.g. <c>video_play</c>.</summary>
    public static string ToWireName(this PlayerEventKind kind) => kind switch
    {
        PlayerEventKind.Play => "video_play",
        PlayerEventKind.Pause => "video_pause",
        PlayerEventKind.Resume => "video_resume",
        PlayerEventKind.Seek => "video_seek",
        PlayerEventKind.Heartbeat => "video_heartbeat",
        PlayerEventKind.End => "video_end",
        _ => EventsThrowHelper.ThrowArgumentOutOfRange<string>(nameof(kind), kind),
    };

    /// <summary>The wire name as UTF-8 bytes (static data, nothing allocated).</summary>
    public static ReadOnlySpan<byte> ToUtf8WireName(this PlayerEventKind kind) => kind switch
    {
        PlayerEventKind.Play => "video_play"u8,
        PlayerEventKind.Pause => "video_pause"u8,
        PlayerEventKind.Resume => "video_resume"u8,
        PlayerEventKind.Seek => "video_seek"u8,
        PlayerEventKind.Heartbeat => "video_heartbeat"u8,
        PlayerEventKind.End => "video_end"u8,
        _ => EventsThrowHelper.ThrowArgumentOutOfRange<byte[]>(nameof(kind), kind),
    };

    /// <summary>Maps an exact (case-sensitive) UTF-8 wire name to its kind.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8WireName, out PlayerEventKind kind)
    {
        for (kind = PlayerEventKind.Play; kind <= PlayerEventKind.End; kind++)
        {
            if (utf8WireName.SequenceEqual(kind.ToUtf8WireName()))
            {
                return true;
            }
        }

        kind = default;
        return false;
    }
}
