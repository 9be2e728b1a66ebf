namespace StreamAgg.Core.Engagement;

/// <summary>
/// Lazy restoration: a restored key keeps its changelog record and decodes it at its first use.
/// </summary>
/// <remarks>
/// Restoring a partition reads every key it ever held, but most keys never hear from their
/// viewer again before the next restart; decoding their intervals, pending events and seen
/// identities up front was most of the cost of a restoration. A dormant state answers what the
/// engine asks of every key (newest timestamp, whether its session is closed, version, pending
/// count) from the fields after the body, read at restore, and decodes the rest at its first
/// event, session close, row or serialization: the same state <see cref="Deserialize"/> builds.
/// </remarks>
public sealed partial class EngagementKeyState
{
    /// <summary>
    /// Reads a state written by <see cref="Serialize"/> lazily: the whole record is checked now
    /// (the same errors as <see cref="Deserialize"/>) and its counters read, while the intervals,
    /// pending events and seen identities are decoded at the state's first use.
    /// </summary>
    /// <param name="data">
    /// The record. It is kept, not copied: it must not change afterwards (e.g. a slice of a
    /// larger buffer that holds many records, so the GC sees one object instead of thousands).
    /// </param>
    /// <exception cref="InvalidDataException">Unknown version, truncated or malformed input.</exception>
    public static EngagementKeyState DeserializeDormant(ReadOnlyMemory<byte> data)
    {
        var state = new EngagementKeyState(data);
        var r = new StateReader(data.Span);
        ReadVersion(ref r);
        SkipProgress(ref r);
        r.Skip(checked(r.Count(MaxCount) * 16));
        int pendingCount = r.Count(MaxCount);
        for (int i = 0; i < pendingCount; i++)
        {
            SkipPending(ref r);
        }

        r.Skip(checked(r.Count(MaxCount) * 8));
        state.ReadCounters(ref r);
        state._dormantPendingCount = pendingCount;
        return state;
    }

    /// <summary>
    /// The record a dormant state was read from, while it is still undecoded: the same bytes
    /// <see cref="Serialize"/> would write, so a tier that stores the state can take them as they are.
    /// </summary>
    public bool TryGetDormantRecord(out ReadOnlyMemory<byte> record)
    {
        record = _dormant;
        return !record.IsEmpty;
    }

    /// <summary>Decodes the body of a dormant state; nothing to do for any other.</summary>
    private void Wake()
    {
        if (IsDormant)
        {
            Decode(_dormant.Span, intern: null);
            _dormant = default;
        }
    }

    // The layout of WriteProgress and WritePending, passed over.
    private static void SkipProgress(ref StateReader r)
    {
        r.Skip(2); // mode, pass completed
        r.Skip(8); // position
        r.VarInt(); // since
        r.Skip(8); // rate
        r.SkipString(); // last session id
        r.Skip(8); // event duration
        r.SkipString(); // event title
        r.Skip(3 * 8); // total watch time, max position, max applied position
        for (int i = 0; i < 7; i++)
        {
            r.VarUInt(); // sessions, completions, replays, pauses, forward and backward skips, events applied
        }

        r.VarInt(); // first event
        r.VarInt(); // last event
    }

    private static void SkipPending(ref StateReader r)
    {
        r.VarInt(); // timestamp
        r.Skip(1 + (4 * 8)); // kind, current time, from time, playback rate, video duration
        r.SkipString(); // session id
        r.SkipString(); // video title
    }
}
