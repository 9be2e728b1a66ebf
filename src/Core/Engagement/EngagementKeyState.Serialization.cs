using System.Buffers;
using StreamAgg.Core.Events;

namespace StreamAgg.Core.Engagement;

/// <summary>
/// The compact binary form of a key state, for changelogging (format version 1):
/// a version byte, the final progress, the interval union, the pending events, the seen
/// identities (sorted, so the form is canonical) and the key counters. Doubles are raw IEEE-754 so restoring is exact; integers
/// are varints. Restoring and continuing gives the same results as never having stopped.
/// </summary>
public sealed partial class EngagementKeyState
{
    /// <summary>The format version written by <see cref="Serialize"/>.</summary>
    public const byte FormatVersion = 1;

    private const int MaxCount = 1 << 24;

    /// <summary>Writes this state to <paramref name="buffer"/>.</summary>
    public void Serialize(IBufferWriter<byte> buffer)
    {
        Wake();
        var w = new StateWriter(buffer);
        w.Byte(FormatVersion);
        WriteProgress(w, _final);

        w.VarUInt((ulong)_finalIntervals.Count);
        for (int i = 0; i < _finalIntervals.Count; i++)
        {
            w.Double(_finalIntervals.StartAt(i));
            w.Double(_finalIntervals.EndAt(i));
        }

        w.VarUInt((ulong)_pending.Count);
        for (int i = 0; i < _pending.Count; i++)
        {
            WritePending(w, _pending[i]);
        }

        w.VarUInt((ulong)_seen.Count);
        Span<ulong> ids = _seen.Count <= 256 ? stackalloc ulong[_seen.Count] : new ulong[_seen.Count];
        _seen.CopyTo(ids);
        ids.Sort(); // canonical: equal states serialize to equal bytes whatever the set's capacity
        foreach (ulong id in ids)
        {
            w.UInt64(id);
        }

        w.VarInt(_maxTimestampMs);
        w.VarInt(_flushedThroughMs);
        w.VarUInt((ulong)_lateEvents);
        w.VarUInt((ulong)_duplicateEvents);
        w.VarUInt((ulong)_version);
        w.Bool(_sessionClosed);
    }

    /// <summary>
    /// Reads a state written by <see cref="Serialize"/>. <paramref name="intern"/>, if given,
    /// maps each decoded string (session ids, titles) to a shared instance.
    /// </summary>
    /// <exception cref="InvalidDataException">Unknown version, truncated or malformed input.</exception>
    public static EngagementKeyState Deserialize(ReadOnlySpan<byte> data, Func<string, string>? intern = null)
    {
        var state = new EngagementKeyState(dormant: default);
        state.Decode(data, intern);
        return state;
    }

    /// <summary>Decodes every field from <paramref name="data"/> (the body objects sized to fit).</summary>
    private void Decode(ReadOnlySpan<byte> data, Func<string, string>? intern)
    {
        var r = new StateReader(data);
        ReadVersion(ref r);
        _final = ReadProgress(ref r, intern);

        int intervalCount = r.Count(MaxCount);
        var intervals = new IntervalSet(Math.Max(1, intervalCount));
        for (int i = 0; i < intervalCount; i++)
        {
            double start = r.Double();
            intervals.Add(start, r.Double());
        }

        int pendingCount = r.Count(MaxCount);
        var pending = new PendingEvents();
        for (int i = 0; i < pendingCount; i++)
        {
            pending.Insert(ReadPending(ref r, intern));
        }

        int seenCount = r.Count(MaxCount);
        var seen = new SeenEvents(seenCount);
        for (int i = 0; i < seenCount; i++)
        {
            seen.Add(r.UInt64());
        }

        _finalIntervals = intervals;
        _pending = pending;
        _seen = seen;
        ReadCounters(ref r);
    }

    private static void ReadVersion(ref StateReader r)
    {
        byte version = r.Byte();
        if (version != FormatVersion)
        {
            ThrowHelper.ThrowBadState($"Unknown key-state format version {version}.");
        }
    }

    /// <summary>The fields after the seen identities, then the end of the record.</summary>
    private void ReadCounters(ref StateReader r)
    {
        _maxTimestampMs = r.VarInt();
        _flushedThroughMs = r.VarInt();
        _lateEvents = (int)r.VarUInt();
        _duplicateEvents = (int)r.VarUInt();
        _version = (long)r.VarUInt();
        _sessionClosed = r.Bool();
        if (!r.AtEnd)
        {
            ThrowHelper.ThrowBadState("Trailing bytes after key state.");
        }
    }

    private static void WriteProgress(StateWriter w, in WatchProgress p)
    {
        w.Byte((byte)p.Mode);
        w.Bool(p.PassCompleted);
        w.Double(p.Position);
        w.VarInt(p.SinceMs);
        w.Double(p.Rate);
        w.String(p.LastSessionId);
        w.Double(p.EventDuration);
        w.String(p.EventTitle);
        w.Double(p.TotalWatchTime);
        w.Double(p.MaxPosition);
        w.Double(p.MaxAppliedPosition);
        w.VarUInt((ulong)p.SessionCount);
        w.VarUInt((ulong)p.CompletionCount);
        w.VarUInt((ulong)p.ReplayCount);
        w.VarUInt((ulong)p.Pauses);
        w.VarUInt((ulong)p.ForwardSkips);
        w.VarUInt((ulong)p.BackwardSkips);
        w.VarUInt((ulong)p.EventsApplied);
        w.VarInt(p.FirstEventMs);
        w.VarInt(p.LastEventMs);
    }

    private static WatchProgress ReadProgress(ref StateReader r, Func<string, string>? intern) => new()
    {
        Mode = (PlaybackMode)r.Byte(),
        PassCompleted = r.Bool(),
        Position = r.Double(),
        SinceMs = r.VarInt(),
        Rate = r.Double(),
        LastSessionId = r.String(intern),
        EventDuration = r.Double(),
        EventTitle = r.String(intern),
        TotalWatchTime = r.Double(),
        MaxPosition = r.Double(),
        MaxAppliedPosition = r.Double(),
        SessionCount = (int)r.VarUInt(),
        CompletionCount = (int)r.VarUInt(),
        ReplayCount = (int)r.VarUInt(),
        Pauses = (int)r.VarUInt(),
        ForwardSkips = (int)r.VarUInt(),
        BackwardSkips = (int)r.VarUInt(),
        EventsApplied = (int)r.VarUInt(),
        FirstEventMs = r.VarInt(),
        LastEventMs = r.VarInt(),
    };

    private static void WritePending(StateWriter w, in PendingEvent e)
    {
        w.VarInt(e.TimestampMs);
        w.Byte((byte)e.Kind);
        w.Double(e.CurrentTime);
        w.Double(e.FromTime);
        w.Double(e.PlaybackRate);
        w.Double(e.VideoDuration);
        w.String(e.SessionId);
        w.String(e.VideoTitle);
    }

    private static PendingEvent ReadPending(ref StateReader r, Func<string, string>? intern) => new()
    {
        TimestampMs = r.VarInt(),
        Kind = (PlayerEventKind)r.Byte(),
        CurrentTime = r.Double(),
        FromTime = r.Double(),
        PlaybackRate = r.Double(),
        VideoDuration = r.Double(),
        SessionId = r.String(intern),
        VideoTitle = r.String(intern),
    };
}
