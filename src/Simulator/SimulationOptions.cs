using System.Globalization;

namespace StreamAgg.Simulator;

/// <summary>
/// What to simulate and how fast to send it. The workload fields (viewers, videos, seed, the
/// fault fractions) drive <see cref="Workload.WorkloadGenerator"/>; the pacing and stop fields
/// (rate, speedup, count, duration) drive <see cref="Production.SimulationProducer"/>.
/// Call <see cref="Validate"/> or <see cref="EnsureValid"/> before use.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Largest accepted viewer count.</summary>
    public const int MaxViewers = 5_000_000;

    /// <summary>Largest accepted video count.</summary>
    public const int MaxVideos = 1_000_000;

    /// <summary>Largest accepted value of any fault fraction.</summary>
    public const double MaxFaultFraction = 0.5;

    /// <summary>
    /// Number of simulated viewers. At <see cref="Speedup"/> 1 the workload's natural rate is
    /// roughly viewers / 120 events per second, flat from the start (about 8 % of viewers are
    /// watching at a time): 12,000 viewers give about 100 events/s live, and
    /// <see cref="Speedup"/> multiplies that.
    /// </summary>
    public int Viewers { get; init; } = 10_000;

    /// <summary>Number of videos in the catalogue (clips of 15 s up to 40-minute videos).</summary>
    public int Videos { get; init; } = 200;

    /// <summary>Upper bound on events sent per second of wall time; null for no limit.</summary>
    public double? EventsPerSecond { get; init; }

    /// <summary>Stop after this many player-event messages (bad input and duplicates included); null for no limit.</summary>
    public long? MaxEvents { get; init; }

    /// <summary>Stop once this much simulated (event) time has been produced; null for no limit.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Seed of the workload: the same seed and start time give the same messages.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Fraction of messages replaced by invalid input, spread over every dead-letter reason.</summary>
    public double BadInputFraction { get; init; } = 0.001;

    /// <summary>Fraction of events sent a second time (same eventId, same bytes) shortly after.</summary>
    public double DuplicateFraction { get; init; } = 0.002;

    /// <summary>Fraction of events held back for 0.5–5 s, so they arrive after later events of their key.</summary>
    public double OutOfOrderFraction { get; init; } = 0.01;

    /// <summary>Fraction of videos that get a <c>video-metadata</c> message; the rest rely on event fields or stay unknown.</summary>
    public double VideosWithMetadataFraction { get; init; } = 0.75;

    /// <summary>Simulated time of the first event; null means the wall-clock time when production starts.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>
    /// Simulated seconds per wall-clock second. 1 (the default) keeps event time in step with wall
    /// time, so sessions look live; 1440 produces a day of viewing per minute;
    /// <see cref="double.PositiveInfinity"/> sends as fast as <see cref="EventsPerSecond"/> allows.
    /// </summary>
    public double Speedup { get; init; } = 1;

    /// <summary>How often (wall time) progress is reported.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with these options, as sentences fit for a command-line user; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Viewers < 1 || Viewers > MaxViewers)
            errors.Add(Invariant($"viewers must be between 1 and {MaxViewers}, got {Viewers}."));
        if (Videos < 1 || Videos > MaxVideos)
            errors.Add(Invariant($"videos must be between 1 and {MaxVideos}, got {Videos}."));
        if (EventsPerSecond is { } rate && !(rate > 0 && double.IsFinite(rate)))
            errors.Add(Invariant($"events per second must be a positive number (or absent for no limit), got {rate}."));
        if (MaxEvents is { } max && max < 1)
            errors.Add(Invariant($"the event count must be at least 1 (or absent for no limit), got {max}."));
        if (Duration is { } duration && duration <= TimeSpan.Zero)
            errors.Add(Invariant($"the duration must be positive (or absent for no limit), got {duration}."));
        CheckFraction(errors, "the bad-input fraction", BadInputFraction, MaxFaultFraction);
        CheckFraction(errors, "the duplicate fraction", DuplicateFraction, MaxFaultFraction);
        CheckFraction(errors, "the out-of-order fraction", OutOfOrderFraction, MaxFaultFraction);
        CheckFraction(errors, "the fraction of videos with metadata", VideosWithMetadataFraction, 1);
        if (!(Speedup > 0))
            errors.Add(Invariant($"speedup must be a positive number (infinity for no pacing), got {Speedup}."));
        if (ProgressInterval <= TimeSpan.Zero)
            errors.Add(Invariant($"the progress interval must be positive, got {ProgressInterval}."));
        if (StartTime is { } start && (start.Year < 1971 || start.Year > 9000))
            errors.Add(Invariant($"the start time must lie between the years 1971 and 9000, got {start:O}."));
        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid simulation options: " + string.Join(" ", errors));
    }

    private static void CheckFraction(List<string> errors, string name, double value, double max)
    {
        if (!(value >= 0 && value <= max))
            errors.Add(Invariant($"{name} must be between 0 and {max}, got {value}."));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
