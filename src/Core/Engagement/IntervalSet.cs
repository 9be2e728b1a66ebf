namespace StreamAgg.Core.Engagement;

/// <summary>
/// The union of credited intervals behind <c>uniqueSecondsWatched</c> (SEMANTICS.md §4a, §5):
/// disjoint half-open intervals kept sorted, merged on insert. Touching intervals merge too, so
/// a viewer who plays straight through keeps a single interval (16 bytes) however long the video.
/// Allocates only when it grows.
/// </summary>
internal sealed class IntervalSet
{
    private double[] _starts;
    private double[] _ends;

    public IntervalSet(int capacity = 2)
    {
        _starts = new double[Math.Max(capacity, 1)];
        _ends = new double[Math.Max(capacity, 1)];
    }

    /// <summary>Number of disjoint intervals.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Length of the union, summed over the intervals on demand (rows are rare, events are not):
    /// a function of the intervals alone, so a restored set gives bit-identical figures, and no
    /// rounding drift accumulates from incremental updates.
    /// </summary>
    public double TotalLength
    {
        get
        {
            double total = 0;
            for (int i = 0; i < Count; i++)
            {
                total += _ends[i] - _starts[i];
            }

            return total;
        }
    }

    public double StartAt(int index) => _starts[index];

    public double EndAt(int index) => _ends[index];

    /// <summary>Adds <c>[start, end)</c>; an empty or inverted interval is ignored.</summary>
    public void Add(double start, double end)
    {
        if (!(end > start))
        {
            return;
        }

        // lo: first interval that ends at or after start (it touches or overlaps, or lies after).
        int lo = FirstEndAtOrAfter(start);
        // hi: first interval that starts strictly after end; lo..hi-1 merge with the new one.
        int hi = FirstStartAfter(end, lo);
        if (lo == hi)
        {
            Insert(lo, start, end);
            return;
        }

        double mergedStart = Math.Min(start, _starts[lo]);
        double mergedEnd = Math.Max(end, _ends[hi - 1]);
        _starts[lo] = mergedStart;
        _ends[lo] = mergedEnd;
        int gone = hi - lo - 1;
        if (gone > 0)
        {
            Array.Copy(_starts, hi, _starts, lo + 1, Count - hi);
            Array.Copy(_ends, hi, _ends, lo + 1, Count - hi);
            Count -= gone;
        }
    }

    /// <summary>Makes this set an exact copy of <paramref name="other"/> (reusing its arrays when they fit).</summary>
    public void CopyFrom(IntervalSet other)
    {
        if (_starts.Length < other.Count)
        {
            _starts = new double[other._starts.Length];
            _ends = new double[other._ends.Length];
        }

        Array.Copy(other._starts, _starts, other.Count);
        Array.Copy(other._ends, _ends, other.Count);
        Count = other.Count;
    }

    public void Clear() => Count = 0;

    /// <summary>Bytes held by the arrays (for the state-size figures).</summary>
    public int RetainedBytes => (_starts.Length + _ends.Length) * sizeof(double);

    private int FirstEndAtOrAfter(double start)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_ends[mid] < start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int FirstStartAfter(double end, int from)
    {
        int lo = from, hi = Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_starts[mid] <= end)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void Insert(int index, double start, double end)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _ends, Count * 2);
        }

        Array.Copy(_starts, index, _starts, index + 1, Count - index);
        Array.Copy(_ends, index, _ends, index + 1, Count - index);
        _starts[index] = start;
        _ends[index] = end;
        Count++;
    }
}
