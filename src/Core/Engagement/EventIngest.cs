using StreamAgg.Core.Events;

namespace StreamAgg.Core.Engagement;

/// <summary>
/// The one step every input goes through, in batch and streaming alike: parse and validate
/// (SEMANTICS.md §1), check the clock skew against the carrying record where there is one,
/// apply (§2), and say whether the input is a dead letter and why. It is also the last line of
/// defence: an exception while applying a valid event becomes an <c>internal_error</c> dead
/// letter with the key's state unchanged (see <see cref="EngagementEngine.Apply"/>), so no
/// event can stop the pipeline. Not thread-safe, like the parser and engine it drives.
/// </summary>
public sealed class EventIngest
{
    /// <summary>For <see cref="Ingest"/>: the input came with no record timestamp (a file line), so no clock-skew check.</summary>
    public const long NoRecordTimestamp = long.MinValue;

    private readonly PlayerEventParser _parser;
    private readonly EngagementEngine _engine;
    private readonly long _maxClockSkewMs;

    /// <summary>
    /// Creates the step over <paramref name="parser"/> and <paramref name="engine"/>. An event
    /// dated more than <paramref name="maxClockSkew"/> after its record's timestamp is
    /// <c>bad_timestamp</c>; null means no limit.
    /// </summary>
    public EventIngest(PlayerEventParser parser, EngagementEngine engine, TimeSpan? maxClockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(engine);
        if (maxClockSkew is { } skew)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(skew, TimeSpan.Zero, nameof(maxClockSkew));
        }

        _parser = parser;
        _engine = engine;
        _maxClockSkewMs = maxClockSkew is { } limit ? (long)limit.TotalMilliseconds : long.MaxValue;
    }

    /// <summary>The parser (its string pool is shared with whatever decodes keys for the engine).</summary>
    public PlayerEventParser Parser => _parser;

    /// <summary>The engine the events are applied to.</summary>
    public EngagementEngine Engine => _engine;

    /// <summary>The exception of the last <c>internal_error</c>, or null if none happened yet.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>
    /// Parses, validates and applies one raw input. Returns what became of it; on
    /// <see cref="IngestOutcome.DeadLetter"/>, <paramref name="reason"/> says why (the caller
    /// writes the dead letter with the raw input, and for <see cref="DeadLetterReason.InternalError"/>
    /// finds the exception in <see cref="LastFailure"/>). <paramref name="eventTimestampMs"/> is
    /// the event time of a valid event, else 0. Never throws for any input.
    /// </summary>
    /// <param name="raw">The input bytes: a Kafka message value or an NDJSON line.</param>
    /// <param name="recordTimestampMs">
    /// The carrying Kafka record's timestamp (Unix ms), or <see cref="NoRecordTimestamp"/>.
    /// </param>
    /// <param name="reason">Why the input is a dead letter; <see cref="DeadLetterReason.None"/> otherwise.</param>
    /// <param name="eventTimestampMs">The event time of a valid event.</param>
    public IngestOutcome Ingest(ReadOnlySpan<byte> raw, long recordTimestampMs, out DeadLetterReason reason, out long eventTimestampMs)
    {
        reason = _parser.TryParse(raw, out PlayerEvent evt);
        eventTimestampMs = evt.TimestampMs;
        if (reason != DeadLetterReason.None)
        {
            return IngestOutcome.DeadLetter;
        }

        // Both are in range of a long here: event times lie in 2000–2099 and a record timestamp
        // this far from the epoch is checked only when not negative.
        if (recordTimestampMs >= 0 && evt.TimestampMs - recordTimestampMs > _maxClockSkewMs)
        {
            reason = DeadLetterReason.BadTimestamp;
            return IngestOutcome.DeadLetter;
        }

        EventOutcome outcome;
        try
        {
            outcome = _engine.Apply(evt);
        }
        catch (Exception e) when (e is not KeyStateSourceException)
        {
            // A defect, not the input's fault: the engine has undone the event, so set it aside.
            LastFailure = e;
            reason = DeadLetterReason.InternalError;
            return IngestOutcome.DeadLetter;
        }

        switch (outcome)
        {
            case EventOutcome.Applied:
                return IngestOutcome.Applied;
            case EventOutcome.Duplicate:
                return IngestOutcome.Duplicate;
            default:
                reason = DeadLetterReason.Late;
                return IngestOutcome.DeadLetter;
        }
    }
}
