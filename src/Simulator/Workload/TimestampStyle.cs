namespace StreamAgg.Simulator.Workload;

/// <summary>How an event writes its timestamp; all three are valid input.</summary>
internal enum TimestampStyle : byte
{
    /// <summary><c>"2026-11-20T08:00:33.194Z"</c>, what most players send.</summary>
    IsoUtc,
    /// <summary><c>1795161749477</c>, epoch milliseconds.</summary>
    EpochMillis,
    /// <summary><c>"2026-11-20T10:00:33.194+02:00"</c>, a local time with its offset.</summary>
    IsoOffset,
}
