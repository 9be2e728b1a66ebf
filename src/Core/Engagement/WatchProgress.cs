using StreamAgg.Core.Events;

namespace StreamAgg.Core.Engagement;

/// <summary>
/// Everything the state machine of SEMANTICS.md §3–4 carries from one applied event to the next:
/// the current session (mode, position, rate, pass) and the running totals of the row. A struct,
/// so the provisional state (final + pending events) is a plain copy, never an allocation.
/// The union of credited intervals lives beside it in an <see cref="IntervalSet"/>.
/// </summary>
internal struct WatchProgress
{
    // The current session (§3, §4).
    public PlaybackMode Mode;
    public bool PassCompleted;
    public double Position;
    public long SinceMs;
    public double Rate;
    public string? LastSessionId;

    // What the events said about the video (§5: "else the latest event value").
    public double EventDuration;
    public string? EventTitle;

    // Running totals (§5).
    public double TotalWatchTime;
    public double MaxPosition;
    public double MaxAppliedPosition;
    public int SessionCount;
    public int CompletionCount;
    public int ReplayCount;
    public int Pauses;
    public int ForwardSkips;
    public int BackwardSkips;
    public int EventsApplied;
    public long FirstEventMs;
    public long LastEventMs;

    public static WatchProgress Empty => new() { EventDuration = double.NaN, Rate = 1 };

    /// <summary>
    /// Applies one event in timestamp order. <paramref name="metadataDuration"/> is the duration
    /// from video metadata as known now, NaN when none. Returns true with the (clamped,
    /// non-empty) interval when something was credited.
    /// </summary>
    public bool Apply(in PendingEvent e, double metadataDuration, in EngagementRules rules, out CreditedInterval credit)
    {
        credit = default;
        bool credited = false;

        // The event's own duration/title count as "the latest event value" from this event on,
        // including for its own crediting (see the D rule in EngagementKeyState).
        if (!double.IsNaN(e.VideoDuration))
        {
            EventDuration = e.VideoDuration;
        }

        if (e.VideoTitle is not null)
        {
            EventTitle = e.VideoTitle;
        }

        double duration = double.IsNaN(metadataDuration) ? EventDuration : metadataDuration;

        if (StartsNewSession(e, rules))
        {
            // §3: a new session starts stopped at the first event's position, with a new pass;
            // steps a–c apply to the events after the first only.
            SessionCount++;
            Mode = PlaybackMode.Stopped;
            Position = e.CurrentTime;
            SinceMs = e.TimestampMs;
            Rate = 1;
            PassCompleted = false;
        }
        else
        {
            credited = CreditAndCount(e, duration, rules, out credit);
        }

        Transition(e);

        EventsApplied++;
        if (EventsApplied == 1 || e.TimestampMs < FirstEventMs)
        {
            FirstEventMs = e.TimestampMs;
        }

        LastEventMs = Math.Max(LastEventMs, e.TimestampMs);
        MaxAppliedPosition = Math.Max(MaxAppliedPosition, e.CurrentTime);
        return credited;
    }

    private readonly bool StartsNewSession(in PendingEvent e, in EngagementRules rules) =>
        EventsApplied == 0
        || e.TimestampMs - LastEventMs > rules.SessionTimeoutMs
        || (e.SessionId is not null && LastSessionId is not null
            && !string.Equals(e.SessionId, LastSessionId, StringComparison.Ordinal));

    /// <summary>Steps a (credit), b (completion) and c (replay or skips) of §4.</summary>
    private bool CreditAndCount(in PendingEvent e, double duration, in EngagementRules rules, out CreditedInterval credit)
    {
        credit = default;
        bool credited = false;
        bool wasPlaying = Mode == PlaybackMode.Playing;
        bool jumped = false;
        double jump = 0;
        bool durationKnown = !double.IsNaN(duration);

        if (wasPlaying)
        {
            double expected = (e.TimestampMs - SinceMs) / 1000.0 * Rate;
            double q = e.Kind == PlayerEventKind.Seek && e.HasFromTime ? e.FromTime : e.CurrentTime;
            double d = q - Position;
            double start = Position;
            double end;
            if (d >= 0 && d <= expected + rules.Tolerance)
            {
                end = q;
            }
            else
            {
                end = Position + expected;
                jumped = true;
                jump = d;
            }

            if (durationKnown)
            {
                start = Math.Max(start, 0);
                end = Math.Min(end, duration);
            }

            if (end > start)
            {
                credited = true;
                credit = new CreditedInterval(start, end, SinceMs);
                TotalWatchTime += end - start;
                MaxPosition = Math.Max(MaxPosition, end);
                if (durationKnown && !PassCompleted && end >= rules.CompletionThreshold * duration)
                {
                    CompletionCount++;
                    PassCompleted = true;
                }
            }
        }

        if (e.Kind == PlayerEventKind.End && !PassCompleted)
        {
            CompletionCount++;
            PassCompleted = true;
        }

        if (PassCompleted && e.Kind != PlayerEventKind.Pause && e.Kind != PlayerEventKind.End
            && e.CurrentTime <= rules.ReplayStart)
        {
            ReplayCount++;
            PassCompleted = false;
            return credited;
        }

        if (jumped)
        {
            if (jump > 0)
            {
                ForwardSkips++;
            }
            else
            {
                BackwardSkips++;
            }
        }

        if (wasPlaying)
        {
            if (e.Kind == PlayerEventKind.Seek && e.HasFromTime)
            {
                CountSkip(e.CurrentTime - e.FromTime, rules.Tolerance);
            }
        }
        else
        {
            CountSkip(e.CurrentTime - Position, rules.Tolerance);
        }

        return credited;
    }

    private void CountSkip(double difference, double tolerance)
    {
        if (difference > tolerance)
        {
            ForwardSkips++;
        }
        else if (difference < -tolerance)
        {
            BackwardSkips++;
        }
    }

    /// <summary>Step d of §4: the new mode, then pos and t.</summary>
    private void Transition(in PendingEvent e)
    {
        switch (e.Kind)
        {
            case PlayerEventKind.Play:
            case PlayerEventKind.Resume:
            case PlayerEventKind.Heartbeat:
                Mode = PlaybackMode.Playing;
                Rate = double.IsNaN(e.PlaybackRate) ? 1 : e.PlaybackRate;
                break;
            case PlayerEventKind.Pause:
                if (Mode == PlaybackMode.Playing)
                {
                    Pauses++;
                }

                Mode = PlaybackMode.Paused;
                break;
            case PlayerEventKind.End:
                Mode = PlaybackMode.Stopped;
                break;
        }

        Position = e.CurrentTime;
        SinceMs = e.TimestampMs;
        LastSessionId = e.SessionId;
    }
}
