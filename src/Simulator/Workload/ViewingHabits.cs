namespace StreamAgg.Simulator.Workload;

/// <summary>
/// The behaviour knobs of simulated viewers, in one place. Chosen so that a few thousand events
/// already show every behaviour, with visits of minutes and absences from minutes to days; in
/// the steady state about 8 % of viewers are watching and the audience sends roughly
/// viewers / 120 events per simulated second (measured over three simulated days).
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

    // Absences: mostly minutes or an hour or so, sometimes days (the "later days" sessions).
    private const double ShortAbsenceShare = 0.65;
    private const double ShortAbsenceMinSeconds = 30;
    private const double ShortAbsenceMeanSeconds = 600;
    private const double MediumAbsenceShare = 0.33;
    private const double MediumAbsenceMeanSeconds = 3600;
    private const double LongAbsenceMinSeconds = 12 * 3600;
    private const double LongAbsenceMaxSeconds = 2 * 86400;

    /// <summary>How long a viewer stays away after a visit.</summary>
    public static long AbsenceMs(Random random)
    {
        double kind = random.NextDouble();
        double seconds = kind switch
        {
            < ShortAbsenceShare => ShortAbsenceMinSeconds + random.Exponential(ShortAbsenceMeanSeconds),
            < ShortAbsenceShare + MediumAbsenceShare => random.Exponential(MediumAbsenceMeanSeconds),
            _ => random.Uniform(LongAbsenceMinSeconds, LongAbsenceMaxSeconds),
        };
        return (long)(seconds * 1000);
    }

    /// <summary>
    /// How much of an absence is left for a viewer found away at a random moment. Starting the
    /// audience this way (rather than everyone just leaving) puts it in its steady state at once,
    /// so the event rate is flat from the first minute instead of bursting and decaying for hours.
    /// A random moment more likely falls in a long absence: each kind weighs share × mean length.
    /// </summary>
    public static long RemainingAbsenceMs(Random random)
    {
        const double shortWeight = ShortAbsenceShare * (ShortAbsenceMinSeconds + ShortAbsenceMeanSeconds);
        const double mediumWeight = MediumAbsenceShare * MediumAbsenceMeanSeconds;
        const double longWeight = (1 - ShortAbsenceShare - MediumAbsenceShare) * (LongAbsenceMinSeconds + LongAbsenceMaxSeconds) / 2;
        double pick = random.NextDouble() * (shortWeight + mediumWeight + longWeight);
        double seconds = pick switch
        {
            < shortWeight => random.Exponential(ShortAbsenceMeanSeconds),
            < shortWeight + mediumWeight => random.Exponential(MediumAbsenceMeanSeconds),
            // The remainder of a uniform length is not uniform, but close enough for a warm start.
            _ => random.Uniform(0, LongAbsenceMaxSeconds),
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
