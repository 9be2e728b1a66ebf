namespace StreamAgg.Simulator.Workload;

/// <summary>
/// The behaviour knobs of simulated viewers, in one place. Chosen so that a few thousand events
/// already show every behaviour, with a mean visit of about 12 minutes and a mean absence of
/// about 2 hours (roughly 8 % of viewers watching at any time).
/// </summary>
internal static class ViewingHabits
{
    /// <summary>Players send a heartbeat every 10 s of wall time while playing.</summary>
    public const long HeartbeatMs = 10_000;

    /// <summary>Heartbeats are not exact: ± this many milliseconds.</summary>
    public const int HeartbeatJitterMs = 250;

    // Per 10-second interval of playing: what happens before the next heartbeat.
    public const double PauseChance = 0.035;
    public const double SeekChance = 0.025;
    public const double SilentSkipChance = 0.006;
    public const double CloseChance = 0.010;
    public const double SwitchChance = 0.006;

    // At a heartbeat.
    public const double RateChangeChance = 0.01;
    public const double StallChance = 0.01;

    // Share of events without an eventId (older player builds).
    public const double NoEventIdChance = 0.02;

    // Timestamp spellings.
    public const double EpochMillisChance = 0.05;
    public const double OffsetTimestampChance = 0.02;

    // Optional fields for videos whose players report them.
    public const double DurationFieldChance = 0.6;
    public const double TitleOnPlayChance = 0.3;
    public const double FromTimeChance = 0.9;

    // Starting a video.
    public const double ResumeUnfinishedChance = 0.4;
    public const double DeepLinkChance = 0.08;

    // After a video ends.
    public const double ReplayChance = 0.15;
    public const double NextVideoChance = 0.45;

    // After a pause.
    public const double CloseWhilePausedChance = 0.12;
    public const double SeekWhilePausedChance = 0.08;

    /// <summary>Share of viewers already watching when the simulation starts.</summary>
    public const double InitiallyWatching = 0.08;

    public static readonly double[] Rates = [1, 1.25, 1.5, 2];

    public static readonly short[] OffsetsMinutes = [120, 60, -300, 330, 540, -480];

    /// <summary>How long a viewer stays away: mostly minutes or hours, sometimes days.</summary>
    public static long AbsenceMs(Random random)
    {
        double kind = random.NextDouble();
        double seconds = kind switch
        {
            < 0.60 => 30 + random.Exponential(600),
            < 0.95 => random.Exponential(7200),
            _ => random.Uniform(12 * 3600, 2 * 86400),
        };
        return (long)(seconds * 1000);
    }

    /// <summary>How long a pause lasts: seconds usually, minutes often, sometimes beyond the session timeout.</summary>
    public static long PauseMs(Random random)
    {
        double kind = random.NextDouble();
        return kind switch
        {
            < 0.70 => random.UniformMs(2, 60),
            < 0.96 => random.UniformMs(60, 600),
            _ => random.UniformMs(1800, 7200),
        };
    }

    public static double PreferredRate(Random random)
    {
        double kind = random.NextDouble();
        return kind switch
        {
            < 0.75 => 1,
            < 0.85 => 1.25,
            < 0.95 => 1.5,
            _ => 2,
        };
    }
}
