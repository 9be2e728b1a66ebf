namespace StreamAgg.Core.Engagement;

/// <summary>
/// The not-yet-final events of a key, sorted by timestamp with ties in arrival order
/// (SEMANTICS.md §2). They all lie within the lateness window, so the buffer stays small
/// (a few heartbeats); it allocates only when it grows.
/// </summary>
internal sealed class PendingEvents
{
    private PendingEvent[] _items = [];

    public int Count { get; private set; }

    public ref readonly PendingEvent this[int index] => ref _items[index];

    public int RetainedBytes => _items.Length * 64;

    /// <summary>
    /// Inserts after every event with a timestamp at or before its own (ties keep arrival order).
    /// Returns true when it went to the end, i.e. arrived in order.
    /// </summary>
    public bool Insert(in PendingEvent evt)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(4, Count * 2));
        }

        int at = Count;
        while (at > 0 && _items[at - 1].TimestampMs > evt.TimestampMs)
        {
            at--;
        }

        if (at < Count)
        {
            Array.Copy(_items, at, _items, at + 1, Count - at);
        }

        _items[at] = evt;
        Count++;
        return at == Count - 1;
    }

    /// <summary>Copies the events into <paramref name="destination"/> (grown when too small); returns how many.</summary>
    public int CopyTo(ref PendingEvent[] destination)
    {
        if (destination.Length < Count)
        {
            destination = new PendingEvent[_items.Length];
        }

        Array.Copy(_items, destination, Count);
        return Count;
    }

    /// <summary>Makes the events exactly the first <paramref name="count"/> of <paramref name="source"/> (see <see cref="CopyTo"/>).</summary>
    public void CopyFrom(PendingEvent[] source, int count)
    {
        if (_items.Length < count)
        {
            _items = new PendingEvent[source.Length];
        }

        Array.Clear(_items, count, Math.Max(0, Count - count));
        Array.Copy(source, _items, count);
        Count = count;
    }

    /// <summary>Gives the buffer back once empty (a flushed key needs none until it hears again).</summary>
    public void TrimIfEmpty()
    {
        if (Count == 0)
        {
            _items = [];
        }
    }

    /// <summary>Drops the first <paramref name="n"/> events (they became final).</summary>
    public void RemoveFirst(int n)
    {
        if (n <= 0)
        {
            return;
        }

        Array.Copy(_items, n, _items, 0, Count - n);
        Array.Clear(_items, Count - n, n);
        Count -= n;
    }
}
