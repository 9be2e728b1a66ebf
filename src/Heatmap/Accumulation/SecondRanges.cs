namespace StreamAgg.Heatmap.Accumulation;

/// <summary>
/// Disjoint, non-adjacent ranges of seconds [start, end), ascending, in one array of bounds.
/// Adding the range that continues the last one (the usual case: consecutive heartbeats) only
/// moves the last end.
/// </summary>
internal sealed class SecondRanges
{
    // Pairs: _bounds[2i] = start, _bounds[2i + 1] = end (exclusive).
    private int[] _bounds = new int[2];

    /// <summary>Number of ranges.</summary>
    public int Count { get; private set; }

    public int Start(int index) => _bounds[2 * index];

    public int End(int index) => _bounds[(2 * index) + 1];

    /// <summary>Unites [<paramref name="start"/>, <paramref name="end"/>) in; returns the change in the number of ranges.</summary>
    public int Add(int start, int end)
    {
        int count = Count;
        if (count > 0)
        {
            int lastStart = _bounds[(2 * count) - 2];
            ref int lastEnd = ref _bounds[(2 * count) - 1];
            if (start >= lastStart && start <= lastEnd)
            {
                lastEnd = Math.Max(lastEnd, end);
                return 0;
            }
        }

        return AddAnywhere(start, end);
    }

    private int AddAnywhere(int start, int end)
    {
        int count = Count;

        // First range whose end reaches start (ranges touching or overlapping [start, end) merge);
        // ends ascend, so a binary search finds it.
        int low = 0;
        int above = count;
        while (low < above)
        {
            int middle = (int)((uint)(low + above) >> 1);
            if (_bounds[(2 * middle) + 1] < start)
            {
                low = middle + 1;
            }
            else
            {
                above = middle;
            }
        }

        // Ranges low .. high - 1 touch or overlap the new one.
        int high = low;
        while (high < count && _bounds[2 * high] <= end)
        {
            high++;
        }

        if (high > low)
        {
            start = Math.Min(start, _bounds[2 * low]);
            end = Math.Max(end, _bounds[(2 * high) - 1]);
        }

        int newCount = count - (high - low) + 1;
        if (2 * newCount > _bounds.Length)
        {
            Array.Resize(ref _bounds, Math.Max(2 * newCount, _bounds.Length * 2));
        }

        // Shift the ranges from high on to just after the merged one.
        Array.Copy(_bounds, 2 * high, _bounds, 2 * (low + 1), 2 * (count - high));
        _bounds[2 * low] = start;
        _bounds[(2 * low) + 1] = end;
        Count = newCount;
        return newCount - count;
    }
}
