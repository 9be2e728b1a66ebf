namespace StreamAgg.Simulator.Workload;

/// <summary>
/// The fields of one event about to be written. A mutable struct reused by the generator, so
/// describing an event allocates nothing.
/// </summary>
internal struct PlayerEventFields
{
    public EventName Name;
    public long TimestampMs;
    public TimestampStyle Style;
    /// <summary>Minutes east of UTC, for <see cref="TimestampStyle.IsoOffset"/>.</summary>
    public short OffsetMinutes;
    public double CurrentTime;
    public Viewer Viewer;
    public SimulatedVideo Video;
    public byte[]? SessionId;
    /// <summary>Sequence number behind the eventId, or −1 for an event without one.</summary>
    public long EventSeq;
    public bool WithDuration;
    public bool WithTitle;
    /// <summary>playbackRate, or NaN when the player leaves it out.</summary>
    public double PlaybackRate;
    /// <summary>fromTime of a seek, or NaN when absent.</summary>
    public double FromTime;
}
