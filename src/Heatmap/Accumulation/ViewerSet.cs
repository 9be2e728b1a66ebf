using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StreamAgg.Hll;

namespace StreamAgg.Heatmap.Accumulation;

/// <summary>
/// The distinct viewer hashes of one second. While there are at most the explicit threshold
/// of them (1280 by default) they sit in a small open-addressing table, so adding one costs a
/// probe instead of the binary search and sorted insert of an EXPLICIT <see cref="HllSketch"/>
/// (most heatmap time went there). One more distinct hash turns the set into a sketch holding
/// all of them, in registers. A sketch's contents depend only on the set of hashes added, not
/// their order, so counts and bytes are those of one sketch fed directly.
/// </summary>
/// <remarks>A mutable struct kept inside <see cref="HeatmapCell"/>: use it through a ref only.</remarks>
internal struct ViewerSet
{
    private const int InitialSlots = 4;

    // Open addressing with linear probing; 0 marks a free slot, so the hash 0 is kept aside.
    private long[]? _slots;
    private int _mask; // _slots.Length - 1, kept here so a probe does not touch the array's header
    private int _count;
    private bool _hasZero;
    private HllSketch? _sketch;

    public readonly bool IsEmpty => _count == 0 && _sketch is null;

    /// <summary>Adds a hash; <paramref name="limit"/> is the settings' effective explicit threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long hash, HllSettings settings, int limit)
    {
        if (_sketch is null && hash != 0 && _slots is { } slots)
        {
            // The index is masked to the array's length, so the bounds check can go.
            ref long first = ref MemoryMarshal.GetArrayDataReference(slots);
            int mask = _mask;
            int at = (int)hash & mask;
            while (true)
            {
                long held = Unsafe.Add(ref first, at);
                if (held == hash)
                {
                    return;
                }

                if (held == 0)
                {
                    break;
                }

                at = (at + 1) & mask;
            }

            // Room below both the threshold and a 3/4 load: take the free slot found.
            if (_count < limit && (_count + 1) * 4 <= (mask + 1) * 3)
            {
                Unsafe.Add(ref first, at) = hash;
                _count++;
                return;
            }
        }

        AddSlow(hash, settings, limit);
    }

    /// <summary>The distinct count: exact below the threshold, else the sketch's estimate.</summary>
    public readonly double Cardinality() => _sketch?.Cardinality() ?? _count;

    /// <summary>The set as a sketch of <paramref name="settings"/>; the set is left empty.</summary>
    public HllSketch TakeSketch(HllSettings settings)
    {
        HllSketch sketch = _sketch ?? ToSketch(settings);
        this = default;
        return sketch;
    }

    /// <summary>
    /// Writes the viewers as the sketch <see cref="TakeSketch"/> would hand out (length, then
    /// the postgresql-hll bytes) and empties the set. While the set is within the explicit
    /// threshold no sketch is built: its hashes are sorted in <paramref name="scratch"/> and
    /// written as the EXPLICIT sketch they make.
    /// </summary>
    public void DrainTo(IBufferWriter<byte> writer, long gap, long plays, HllSettings settings, ref long[] scratch)
    {
        if (_sketch is { } sketch)
        {
            HeatmapDeltaCodec.WriteSecondHead(writer, gap, plays, sketch.SerializedLength);
            sketch.WriteTo(writer);
        }
        else
        {
            if (scratch.Length < _count)
            {
                scratch = new long[Math.Max(_count, scratch.Length * 2)];
            }

            int n = 0;
            if (_hasZero)
            {
                scratch[n++] = 0;
            }

            if (_slots is { } slots)
            {
                foreach (long hash in slots)
                {
                    if (hash != 0)
                    {
                        scratch[n++] = hash;
                    }
                }
            }

            Span<long> hashes = scratch.AsSpan(0, n);
            hashes.Sort();
            HeatmapDeltaCodec.WriteSecondHead(writer, gap, plays, HllSketch.ExplicitSerializedLength(n));
            HllSketch.WriteExplicit(hashes, settings, writer);
        }

        this = default;
    }

    private void AddSlow(long hash, HllSettings settings, int limit)
    {
        if (_sketch is not null)
        {
            _sketch.Add(hash);
            return;
        }

        if (Contains(hash))
        {
            return;
        }

        if (_count >= limit)
        {
            // One distinct hash beyond the threshold: from now on a sketch in registers.
            HllSketch sketch = ToSketch(settings);
            sketch.Add(hash);
            _sketch = sketch;
            _slots = null;
            _mask = 0;
            _count = 0;
            _hasZero = false;
            return;
        }

        if (hash == 0)
        {
            _hasZero = true;
            _count++;
            return;
        }

        if (_slots is null || (_count + 1) * 4 > _slots.Length * 3)
        {
            Grow();
        }

        Insert(_slots!, hash);
        _count++;
    }

    private readonly bool Contains(long hash)
    {
        if (hash == 0)
        {
            return _hasZero;
        }

        if (_slots is not { } slots)
        {
            return false;
        }

        int mask = slots.Length - 1;
        for (int at = (int)hash & mask; slots[at] != 0; at = (at + 1) & mask)
        {
            if (slots[at] == hash)
            {
                return true;
            }
        }

        return false;
    }

    private void Grow()
    {
        long[]? old = _slots;
        var grown = new long[old is null ? InitialSlots : old.Length * 2];
        if (old is not null)
        {
            foreach (long hash in old)
            {
                if (hash != 0)
                {
                    Insert(grown, hash);
                }
            }
        }

        _slots = grown;
        _mask = grown.Length - 1;
    }

    private static void Insert(long[] slots, long hash)
    {
        int mask = slots.Length - 1;
        int at = (int)hash & mask;
        while (slots[at] != 0)
        {
            at = (at + 1) & mask;
        }

        slots[at] = hash;
    }

    // In ascending order, so the sketch's EXPLICIT array only ever appends.
    private readonly HllSketch ToSketch(HllSettings settings)
    {
        var hashes = new long[_count];
        int n = 0;
        if (_hasZero)
        {
            hashes[n++] = 0;
        }

        if (_slots is { } slots)
        {
            foreach (long hash in slots)
            {
                if (hash != 0)
                {
                    hashes[n++] = hash;
                }
            }
        }

        Array.Sort(hashes);
        var sketch = new HllSketch(settings);
        foreach (long hash in hashes)
        {
            sketch.Add(hash);
        }

        return sketch;
    }
}
