namespace StreamAgg.Simulator.Workload;

/// <summary>One simulated viewer and the state of their player.</summary>
internal sealed class Viewer
{
    public Viewer(int index, string userId, double preferredRate, bool sendsSessionId, bool alwaysSendsRate)
    {
        Index = index;
        UserId = userId;
        UserIdUtf8 = System.Text.Encoding.UTF8.GetBytes(userId);
        PreferredRate = preferredRate;
        SendsSessionId = sendsSessionId;
        AlwaysSendsRate = alwaysSendsRate;
    }

    public int Index { get; }
    public string UserId { get; }
    public byte[] UserIdUtf8 { get; }
    public double PreferredRate { get; }
    public bool SendsSessionId { get; }
    /// <summary>Some players send <c>playbackRate: 1</c>, others leave it out at normal speed.</summary>
    public bool AlwaysSendsRate { get; }

    public ViewerMode Mode { get; set; }
    public ViewerAction Action { get; set; }
    public long ActionMs { get; set; }

    public int VideoIndex { get; set; }
    public byte[]? SessionId { get; set; }

    /// <summary>Playhead at <see cref="PositionMs"/>; while playing it advances by <see cref="Rate"/> from there.</summary>
    public double Position { get; set; }
    public long PositionMs { get; set; }
    public double Rate { get; set; } = 1;
    public long LastEventMs { get; set; }

    /// <summary>Where the viewer left videos they did not finish, to resume them on a later visit.</summary>
    public Dictionary<int, double>? Unfinished { get; set; }

    public double PositionAt(long timeMs) =>
        Mode == ViewerMode.Playing ? Position + ((timeMs - PositionMs) / 1000.0 * Rate) : Position;
}
