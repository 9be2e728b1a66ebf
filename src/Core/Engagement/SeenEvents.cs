namespace StreamAgg.Core.Engagement;

/// <summary>
/// Identities already seen for a key (applied or late), SEMANTICS.md §2: an open-addressing set
/// of 64-bit hashes with linear probing. Kept for the key's whole life, as the contract asks
/// ("already seen", with no horizon): 8 bytes per slot, filled to at most 75 %.
/// </summary>
internal sealed class SeenEvents
{
    private ulong[] _slots;

    public SeenEvents(int capacity = 8)
    {
        int size = 8;
        while (size * 3 < capacity * 4)
        {
            size <<= 1;
        }

        _slots = new ulong[size];
    }

    public int Count { get; private set; }

    public int RetainedBytes => _slots.Length * sizeof(ulong);

    /// <summary>Adds the identity; returns false when it was already there. <paramref name="identity"/> is never 0.</summary>
    public bool Add(ulong identity)
    {
        if ((Count + 1) * 4 > _slots.Length * 3)
        {
            Grow();
        }

        if (!AddTo(_slots, identity))
        {
            return false;
        }

        Count++;
        return true;
    }

    /// <summary>
    /// Removes the identity (undoing an <see cref="Add"/> of an event whose application failed);
    /// returns false when it was not there. Backward-shift deletion keeps every other identity
    /// reachable from its home slot, so no tombstones are needed.
    /// </summary>
    public bool Remove(ulong identity)
    {
        int mask = _slots.Length - 1;
        int hole = Home(identity, mask);
        while (_slots[hole] != identity)
        {
            if (_slots[hole] == 0)
            {
                return false;
            }

            hole = (hole + 1) & mask;
        }

        int next = hole;
        while (true)
        {
            next = (next + 1) & mask;
            ulong v = _slots[next];
            if (v == 0)
            {
                break;
            }

            // v may fill the hole unless its home lies cyclically in (hole, next].
            int home = Home(v, mask);
            bool stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays)
            {
                _slots[hole] = v;
                hole = next;
            }
        }

        _slots[hole] = 0;
        Count--;
        return true;
    }

    /// <summary>Visits the identities (for serialization); order is the slot order.</summary>
    public void CopyTo(Span<ulong> destination)
    {
        int n = 0;
        foreach (ulong v in _slots)
        {
            if (v != 0)
            {
                destination[n++] = v;
            }
        }
    }

    private static bool AddTo(ulong[] slots, ulong identity)
    {
        int mask = slots.Length - 1;
        int i = Home(identity, mask);
        while (true)
        {
            ulong v = slots[i];
            if (v == identity)
            {
                return false;
            }

            if (v == 0)
            {
                slots[i] = identity;
                return true;
            }

            i = (i + 1) & mask;
        }
    }

    private static int Home(ulong identity, int mask) => (int)(identity ^ (identity >> 32)) & mask;

    private void Grow()
    {
        ulong[] old = _slots;
        _slots = new ulong[old.Length * 2];
        foreach (ulong v in old)
        {
            if (v != 0)
            {
                AddTo(_slots, v);
            }
        }
    }
}
