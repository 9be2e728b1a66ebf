using StreamAgg.Hll;

namespace StreamAgg.Heatmap.Accumulation;

/// <summary>
/// The viewers of each second of a (video, day), per page, from its <see cref="ViewerCoverage"/>:
/// exact up to the explicit threshold (the count of viewers whose ranges hold the second); above
/// it, crowded, what a sketch of those viewers estimates, as a per-second sketch would have.
/// Used once per (video, day), at the end of input.
/// </summary>
/// <remarks>
/// One pass over the viewers' ranges builds each page's counts as a difference array and, for
/// crowded seconds, the ranges' sketch contributions: a sketch's estimate reads only Σ
/// 2^-register and the count of zero registers, and a viewer's range raises one register to one
/// value over its seconds. Adjacent seconds share almost all registers, so those two figures are
/// swept across the page as difference arrays too (per register, the stretches where its maximum
/// is some value), instead of a 2^log2m-register sketch per second fed every viewer of that
/// second (viewers × seconds updates, most of the heatmap's time on large inputs). For
/// registers wider than 5 bits the sums are not exact in units, and the sketches are built, a
/// window of seconds at a time.
/// </remarks>
internal sealed class CoveredViewerCounts
{
    private readonly HllSettings _settings;
    private readonly int _explicitLimit;
    private readonly bool _bySums;
    private readonly Dictionary<int, PageTally> _pages;
    private Contribution[] _byRegister = [];
    private int[] _registerStarts = [];
    private readonly long[] _sumChange = new long[SecondPage.Size + 1];
    private readonly int[] _zerosChange = new int[SecondPage.Size + 1];

    private CoveredViewerCounts(HllSettings settings, int explicitLimit, int pageCount)
    {
        _settings = settings;
        _explicitLimit = explicitLimit;
        _bySums = HllRegisterSum.IsExact(settings);
        _pages = new Dictionary<int, PageTally>(pageCount);
    }

    /// <summary>Per page index, the viewers of each of its seconds (index = offset in the page).</summary>
    public static Dictionary<int, long[]> Count(ViewerCoverage coverage, IEnumerable<int> pageIndexes, int pageCount, HllSettings settings, int explicitLimit)
    {
        var counting = new CoveredViewerCounts(settings, explicitLimit, pageCount);
        foreach (int pageIndex in pageIndexes)
        {
            counting._pages.Add(pageIndex, new PageTally());
        }

        counting.Tally(coverage);
        var counts = new Dictionary<int, long[]>(pageCount);
        foreach (KeyValuePair<int, PageTally> page in counting._pages)
        {
            counting.Finish(coverage, page.Key, page.Value);
            counts.Add(page.Key, page.Value.Counts);
        }

        return counts;
    }

    // +1 where a viewer's range starts in a page, −1 where it ends there; with exact sums, the
    // register and value the viewer's hash sets over that stretch too.
    private void Tally(ViewerCoverage coverage)
    {
        int lastPageIndex = int.MinValue;
        PageTally? tally = null;
        foreach (KeyValuePair<long, SecondRanges> viewer in coverage)
        {
            int register = 0, value = 0;
            if (_bySums)
            {
                // A hash that sets no register still counts as a viewer; it adds no contribution.
                HllRegisterSum.TryGetRegister(viewer.Key, _settings, out register, out value);
            }

            SecondRanges ranges = viewer.Value;
            for (int r = 0; r < ranges.Count; r++)
            {
                int second = ranges.Start(r);
                int end = ranges.End(r);
                while (second < end)
                {
                    int pageIndex = second >> SecondPage.Shift;
                    int pageStart = pageIndex << SecondPage.Shift;
                    int pageEnd = (int)Math.Min((long)pageStart + SecondPage.Size, end);
                    if (pageIndex != lastPageIndex)
                    {
                        tally = _pages[pageIndex];
                        lastPageIndex = pageIndex;
                    }

                    tally!.Counts[second - pageStart]++;
                    tally.Counts[pageEnd - pageStart]--;
                    if (value > 0)
                    {
                        tally.Add(new Contribution(register, second - pageStart, pageEnd - pageStart, value));
                    }

                    second = pageEnd;
                }
            }
        }
    }

    // Running sums give the exact counts; crowded seconds then get the sketch estimate.
    private void Finish(ViewerCoverage coverage, int pageIndex, PageTally tally)
    {
        long[] counts = tally.Counts;
        long running = 0;
        bool crowded = false;
        for (int i = 0; i < SecondPage.Size; i++)
        {
            running += counts[i];
            counts[i] = running;
            crowded |= running > _explicitLimit;
        }

        if (!crowded)
        {
            return;
        }

        if (_bySums)
        {
            EstimateBySums(tally, counts);
        }
        else
        {
            EstimateBySketches(coverage, pageIndex, counts);
        }
    }

    private void EstimateBySums(PageTally tally, long[] counts)
    {
        int registerCount = _settings.RegisterCount;
        SortByRegister(tally.Items, tally.Count, registerCount);

        Array.Clear(_sumChange);
        Array.Clear(_zerosChange);
        long zeroTerm = HllRegisterSum.Term(0);
        for (int register = 0; register < registerCount; register++)
        {
            int from = _registerStarts[register];
            int to = _registerStarts[register + 1];
            if (to - from == 1)
            {
                Contribution only = _byRegister[from];
                Raise(only.From, only.To, only.Value, zeroTerm);
            }
            else if (to - from > 1)
            {
                RaiseOverlapping(_byRegister.AsSpan(from, to - from), zeroTerm);
            }
        }

        long sum = registerCount * zeroTerm;
        int zeros = registerCount;
        for (int second = 0; second < SecondPage.Size; second++)
        {
            sum += _sumChange[second];
            zeros += _zerosChange[second];
            if (counts[second] > _explicitLimit)
            {
                counts[second] = (long)Math.Round(HllRegisterSum.Estimate(_settings, sum, zeros), MidpointRounding.AwayFromZero);
            }
        }
    }

    // A counting sort: _byRegister[_registerStarts[r] .. _registerStarts[r + 1]) are register r's.
    private void SortByRegister(Contribution[] items, int n, int registerCount)
    {
        if (_registerStarts.Length != registerCount + 1)
        {
            _registerStarts = new int[registerCount + 1];
        }
        else
        {
            Array.Clear(_registerStarts);
        }

        if (_byRegister.Length < n)
        {
            _byRegister = new Contribution[items.Length];
        }

        for (int i = 0; i < n; i++)
        {
            _registerStarts[items[i].Register + 1]++;
        }

        for (int r = 0; r < registerCount; r++)
        {
            _registerStarts[r + 1] += _registerStarts[r];
        }

        // _registerStarts[r + 1] is where register r's run ends: fill each run from its end,
        // which leaves _registerStarts[r + 1] at the run's start; then shift them into place.
        for (int i = n - 1; i >= 0; i--)
        {
            ref int runEnd = ref _registerStarts[items[i].Register + 1];
            _byRegister[--runEnd] = items[i];
        }

        for (int r = 0; r < registerCount; r++)
        {
            _registerStarts[r] = _registerStarts[r + 1];
        }

        _registerStarts[registerCount] = n;
    }

    // One register over several ranges: between consecutive bounds, its value is the largest
    // of the ranges covering that stretch.
    private void RaiseOverlapping(Span<Contribution> group, long zeroTerm)
    {
        Span<int> bounds = group.Length <= 64 ? stackalloc int[2 * group.Length] : new int[2 * group.Length];
        for (int i = 0; i < group.Length; i++)
        {
            bounds[2 * i] = group[i].From;
            bounds[(2 * i) + 1] = group[i].To;
        }

        bounds.Sort();
        for (int b = 0; b + 1 < bounds.Length; b++)
        {
            int from = bounds[b];
            int to = bounds[b + 1];
            if (from == to)
            {
                continue;
            }

            int value = 0;
            foreach (ref readonly Contribution c in group)
            {
                if (c.From <= from && c.To >= to && c.Value > value)
                {
                    value = c.Value;
                }
            }

            if (value > 0)
            {
                Raise(from, to, value, zeroTerm);
            }
        }
    }

    // Seconds [from, to) of the page have this register at value instead of zero.
    private void Raise(int from, int to, int value, long zeroTerm)
    {
        long change = HllRegisterSum.Term(value) - zeroTerm;
        _sumChange[from] += change;
        _sumChange[to] -= change;
        _zerosChange[from]--;
        _zerosChange[to]++;
    }

    // Registers wider than 5 bits: a sketch per crowded second, fed every viewer of it. Built a
    // window of seconds at a time, so the register arrays written together stay in cache
    // (adjacent seconds of one viewer write the same register of each) and at most a window of
    // them is alive.
    private void EstimateBySketches(ViewerCoverage coverage, int pageIndex, long[] counts)
    {
        const int Window = 32;
        var registerSettings = new HllSettings(_settings.Log2m, _settings.RegisterWidth, 0, _settings.SparseEnabled);
        int pageStart = pageIndex << SecondPage.Shift;
        long pageEnd = (long)pageStart + SecondPage.Size;

        var hashes = new List<long>();
        var bounds = new List<(int From, int To)>();
        foreach (KeyValuePair<long, SecondRanges> viewer in coverage)
        {
            SecondRanges ranges = viewer.Value;
            for (int r = 0; r < ranges.Count; r++)
            {
                int from = Math.Max(ranges.Start(r), pageStart);
                int to = (int)Math.Min(ranges.End(r), pageEnd);
                if (from < to)
                {
                    hashes.Add(viewer.Key);
                    bounds.Add((from - pageStart, to - pageStart));
                }
            }
        }

        var sketches = new HllSketch?[Window];
        for (int window = 0; window < SecondPage.Size; window += Window)
        {
            bool any = false;
            for (int i = 0; i < Window; i++)
            {
                bool crowded = counts[window + i] > _explicitLimit;
                sketches[i] = crowded ? new HllSketch(registerSettings) : null;
                any |= crowded;
            }

            if (!any)
            {
                continue;
            }

            for (int v = 0; v < hashes.Count; v++)
            {
                int from = Math.Max(bounds[v].From, window);
                int to = Math.Min(bounds[v].To, window + Window);
                for (int offset = from; offset < to; offset++)
                {
                    sketches[offset - window]?.Add(hashes[v]);
                }
            }

            for (int i = 0; i < Window; i++)
            {
                if (sketches[i] is { } sketch)
                {
                    counts[window + i] = (long)Math.Round(sketch.Cardinality(), MidpointRounding.AwayFromZero);
                }
            }
        }
    }

    private readonly record struct Contribution(int Register, int From, int To, int Value);

    // One page: its counts (a difference array until finished) and its ranges' contributions.
    private sealed class PageTally
    {
        public long[] Counts { get; } = new long[SecondPage.Size + 1];

        public Contribution[] Items { get; private set; } = [];

        public int Count { get; private set; }

        public void Add(in Contribution contribution)
        {
            if (Count == Items.Length)
            {
                Contribution[] items = Items;
                Array.Resize(ref items, Math.Max(256, Count * 2));
                Items = items;
            }

            Items[Count++] = contribution;
        }
    }
}
