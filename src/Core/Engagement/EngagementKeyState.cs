using StreamAgg.Core.Events;

namespace StreamAgg.Core.Engagement;

/// <summary>
/// The engagement state of one (user, video) key (SEMANTICS.md §2–5): a <em>final</em> state —
/// the events no later arrival can be ordered before — plus the pending events of the lateness
/// window, kept sorted. An event becomes final once its timestamp is at or before the key's
/// newest timestamp minus the allowed lateness; only final application credits the heatmap.
/// Rows are computed from the final state with the pending events applied on a copy, so they
/// are always up to date (provisional, corrected by later arrivals).
/// </summary>
/// <remarks>
/// Duration rule (checked against scenarios 09 and 11): an event is credited, clamped and
/// checked for completion with the duration as known when it is applied — metadata if the
/// catalog has it then, else the latest event value up to and including that event. The row's
/// <c>videoDuration</c>, percentages, score and flags use the duration as known when the row is
/// built. Final credits are never revised when metadata arrives later.
/// </remarks>
public sealed partial class EngagementKeyState
{
    private const long NoTimestamp = long.MinValue;

    private WatchProgress _final = WatchProgress.Empty;

    // While the state is dormant (restored by DeserializeDormant and not used since) these three
    // are null and _dormant holds the record (never empty: it starts with the format version);
    // every member that reads them calls Wake() first.
    private IntervalSet _finalIntervals;
    private PendingEvents _pending;
    private SeenEvents _seen;
    private ReadOnlyMemory<byte> _dormant;
    private int _dormantPendingCount;
    private long _maxTimestampMs = NoTimestamp;
    private long _flushedThroughMs = NoTimestamp;
    private int _lateEvents;
    private int _duplicateEvents;
    private long _version;
    private bool _sessionClosed;

    // Only for reporting why a session closed; not in the changelog, so a restored key reports
    // its next close as a timeout and no new session until its next newest event.
    private string? _newestSessionId;
    private bool _newestWasEnd;

    /// <summary>A new, empty key state.</summary>
    public EngagementKeyState()
        : this(new IntervalSet(1), new PendingEvents(), new SeenEvents())
    {
    }

    private EngagementKeyState(IntervalSet intervals, PendingEvents pending, SeenEvents seen)
    {
        _finalIntervals = intervals;
        _pending = pending;
        _seen = seen;
    }

    /// <summary>
    /// A state whose body is still to be decoded: from <paramref name="dormant"/> at its first use
    /// (see <see cref="Wake"/>), or at once by <see cref="Deserialize"/> when empty.
    /// </summary>
    private EngagementKeyState(ReadOnlyMemory<byte> dormant)
    {
        _dormant = dormant;
        _finalIntervals = null!;
        _pending = null!;
        _seen = null!;
    }

    /// <summary>Grows with every update of the key (applied, dropped, session closed, flushed).</summary>
    public long Version => _version;

    /// <summary>Newest applied timestamp (Unix ms), or <see cref="long.MinValue"/> before the first.</summary>
    public long MaxTimestampMs => _maxTimestampMs;

    /// <summary>Events applied but not final yet.</summary>
    public int PendingCount => _dormant.IsEmpty ? _pending.Count : _dormantPendingCount;

    /// <summary>
    /// Whether the state still holds its changelog record undecoded (restored by
    /// <see cref="DeserializeDormant"/> and not used since).
    /// </summary>
    public bool IsDormant => !_dormant.IsEmpty;

    /// <summary>Whether the engine's idle queue holds an entry for this key (runtime only, not serialized).</summary>
    internal bool IdleQueued { get; set; }

    /// <summary>Whether the latest session was closed (idle past the timeout, or end of input).</summary>
    public bool SessionClosed => _sessionClosed;

    /// <summary>
    /// Whether the latest session is still open at <paramref name="nowMs"/> (stream time or wall
    /// clock, the caller's choice): not closed yet and <c>nowMs ≤ last event + sessionTimeout</c>.
    /// </summary>
    public bool IsSessionOpen(long nowMs, EngagementOptions options) =>
        !_sessionClosed && _maxTimestampMs != NoTimestamp
        && nowMs <= _maxTimestampMs + (long)options.SessionTimeout.TotalMilliseconds;

    /// <summary>Bytes this state keeps on the heap, arrays and object headers included (string contents excluded: the parser interns them).</summary>
    public int RetainedBytes => IsDormant
        ? ObjectBytes + _dormant.Length
        : ObjectBytes + _finalIntervals.RetainedBytes + _pending.RetainedBytes + _seen.RetainedBytes
            + (3 * ObjectHeaderBytes) + (4 * ArrayHeaderBytes);

    private const int ObjectHeaderBytes = 16;
    private const int ArrayHeaderBytes = 24;
    private const int ObjectBytes = ObjectHeaderBytes + 200;

    internal EventOutcome Apply(in PlayerEvent evt, in EngagementKey key, in EngagementRules rules, IVideoCatalog catalog, IEngagementOutput output)
    {
        Wake();
        _version++;
        if (!_seen.Add(EventIdentity.Of(evt)))
        {
            _duplicateEvents++;
            return EventOutcome.Duplicate;
        }

        if (_maxTimestampMs != NoTimestamp
            && (evt.TimestampMs < _maxTimestampMs - rules.AllowedLatenessMs || evt.TimestampMs < _flushedThroughMs))
        {
            _lateEvents++;
            return EventOutcome.Late;
        }

        _pending.Insert(PendingEvent.From(evt));
        if (_maxTimestampMs == NoTimestamp || evt.TimestampMs >= _maxTimestampMs)
        {
            // The event is the newest: the latest session continues or a new one opens.
            ReportSessionBoundary(evt, key, rules, output);
            _maxTimestampMs = evt.TimestampMs;
            _sessionClosed = false;
            _newestSessionId = evt.SessionId ?? _newestSessionId;
            _newestWasEnd = evt.Kind == PlayerEventKind.End;
        }

        FinalizeThrough(_maxTimestampMs - rules.AllowedLatenessMs, key, rules, catalog, output);
        return EventOutcome.Applied;
    }

    /// <summary>
    /// End of input for this key: every pending event becomes final and the session closes.
    /// An event arriving afterwards that is older than the newest flushed one counts as late,
    /// since it can no longer be ordered before final events.
    /// </summary>
    internal void Flush(in EngagementKey key, in EngagementRules rules, IVideoCatalog catalog, IEngagementOutput output)
    {
        Wake();
        _version++;
        FinalizeThrough(long.MaxValue, key, rules, catalog, output);
        _pending.TrimIfEmpty();
        _flushedThroughMs = _maxTimestampMs;
        if (!_sessionClosed && _maxTimestampMs != NoTimestamp)
        {
            output.OnSessionClosed(key, IdleCloseCause);
        }

        _sessionClosed = true;
    }

    /// <summary>Marks the latest session closed if <paramref name="nowMs"/> passed its last event + timeout.</summary>
    internal bool CloseSessionIfIdle(long nowMs, in EngagementKey key, in EngagementRules rules, IEngagementOutput output)
    {
        if (_sessionClosed || _maxTimestampMs == NoTimestamp || nowMs <= _maxTimestampMs + rules.SessionTimeoutMs)
        {
            return false;
        }

        Wake();
        _sessionClosed = true;
        _version++;
        output.OnSessionClosed(key, IdleCloseCause);
        return true;
    }

    private SessionCloseCause IdleCloseCause => _newestWasEnd ? SessionCloseCause.End : SessionCloseCause.Timeout;

    /// <summary>
    /// Called before a newest event is taken in: reports the session it opens, and the one it
    /// ends when the gap passed the timeout before anything closed it, or the sessionId changed.
    /// </summary>
    private void ReportSessionBoundary(in PlayerEvent evt, in EngagementKey key, in EngagementRules rules, IEngagementOutput output)
    {
        if (_maxTimestampMs == NoTimestamp || _sessionClosed)
        {
            output.OnSessionOpened(key);
            return;
        }

        if (evt.TimestampMs - _maxTimestampMs > rules.SessionTimeoutMs)
        {
            output.OnSessionClosed(key, IdleCloseCause);
            output.OnSessionOpened(key);
        }
        else if (evt.SessionId is not null && _newestSessionId is not null
            && !string.Equals(evt.SessionId, _newestSessionId, StringComparison.Ordinal))
        {
            output.OnSessionClosed(key, SessionCloseCause.NewSession);
            output.OnSessionOpened(key);
        }
    }

    /// <summary>
    /// Like <see cref="CloseSessionIfIdle"/>, but the pending events also become final, as at
    /// the end of input (<see cref="Flush"/>).
    /// </summary>
    internal bool FlushIfIdle(long nowMs, in EngagementKey key, in EngagementRules rules, IVideoCatalog catalog, IEngagementOutput output)
    {
        if (_sessionClosed || _maxTimestampMs == NoTimestamp || nowMs <= _maxTimestampMs + rules.SessionTimeoutMs)
        {
            return false;
        }

        Flush(key, rules, catalog, output);
        return true;
    }

    private void FinalizeThrough(long thresholdMs, in EngagementKey key, in EngagementRules rules, IVideoCatalog catalog, IEngagementOutput output)
    {
        int n = 0;
        if (_pending.Count == 0 || _pending[0].TimestampMs > thresholdMs)
        {
            return;
        }

        double metadataDuration = MetadataDuration(catalog, key.VideoId);
        while (n < _pending.Count && _pending[n].TimestampMs <= thresholdMs)
        {
            if (_final.Apply(_pending[n], metadataDuration, rules, out CreditedInterval credit))
            {
                _finalIntervals.Add(credit.Start, credit.End);
                output.OnCredited(key, credit);
            }

            n++;
        }

        _pending.RemoveFirst(n);
    }

    internal static double MetadataDuration(IVideoCatalog catalog, string videoId) =>
        catalog.TryGetVideo(videoId, out _, out double? duration) && duration is double d ? d : double.NaN;
}
