using StreamAgg.Hll;

namespace StreamAgg.Heatmap.Accumulation;

/// <summary>
/// The viewer estimates of a page's crowded seconds (more viewers than the explicit threshold)
/// from a <see cref="ViewerCoverage"/>: for each such second, what a sketch of every viewer
/// whose ranges hold it would estimate, as a per-second sketch would have. One instance per
/// (video, day) at the end of input; its buffers serve every page.
/// </summary>
/// <remarks>
/// A sketch's estimate reads only Σ 2^-register and the count of zero registers. A viewer's
/// range raises one register to one value over its seconds, and adjacent seconds share almost
/// all registers, so those two figures are swept across the page as difference arrays: per
/// register, the seconds where its maximum is some value, instead of a 2^log2m-register sketch
/// per second fed every viewer of that second (viewers × seconds updates, most of the heatmap's
/// time on large inputs). For registers wider than 5 bits the sums are not exact in units and
/// the sketches are built, a window of seconds at a time.
/// </remarks>
internal sealed class CrowdedSeconds(HllSettings settings, int explicitLimit)
{
    private Contribution[] _contributions = [];
    private Contribution[] _byRegister = [];
    private int[] _registerStarts = [];
    private readonly long[] _sumChange = new long[SecondPage.Size + 1];
    private readonly int[] _zerosChange = new int[SecondPage.Size + 1];

    /// <summary>
    /// Replaces <paramref name="counts"/>[s] (the exact viewers of second s of the page) by the
    /// sketch estimate wherever it is above the explicit threshold.
    /// </summary>
    public void Estimate(ViewerCoverage coverage, int pageIndex, long[] counts)
    {
        if (HllRegisterSum.IsExact(settings))
        {
            EstimateBySums(coverage, pageIndex, counts);
        }
        else
        {
            EstimateBySketches(coverage, pageIndex, counts);
        }
    }

    private void EstimateBySums(ViewerCoverage coverage, int pageIndex, long[] counts)
    {
        int registerCount = settings.RegisterCount;
        int n = CollectContributions(coverage, pageIndex);
        SortByRegister(n, registerCount);

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
            if (counts[second] > explicitLimit)
            {
                counts[second] = (long)Math.Round(HllRegisterSum.Estimate(settings, sum, zeros), MidpointRounding.AwayFromZero);
            }
        }
    }

    // The page's share of every viewer's ranges, with the register and value its hash sets.
    private int CollectContributions(ViewerCoverage coverage, int pageIndex)
    {
        int pageStart = pageIndex << SecondPage.Shift;
        long pageEnd = (long)pageStart + SecondPage.Size;
        int n = 0;
        foreach (KeyValuePair<long, SecondRanges> viewer in coverage)
        {
            if (!HllRegisterSum.TryGetRegister(viewer.Key, settings, out int register, out int value))
            {
                continue; // the hash sets no register
            }

            SecondRanges ranges = viewer.Value;
            for (int r = 0; r < ranges.Count; r++)
            {
                int from = Math.Max(ranges.Start(r), pageStart);
                int to = (int)Math.Min(ranges.End(r), pageEnd);
                if (from < to)
                {
                    if (n == _contributions.Length)
                    {
                        Array.Resize(ref _contributions, Math.Max(1024, n * 2));
                    }

                    _contributions[n++] = new Contribution(register, from - pageStart, to - pageStart, value);
                }
            }
        }

        return n;
    }

    // A counting sort: _byRegister[_registerStarts[r] .. _registerStarts[r + 1]) are register r's.
    private void SortByRegister(int n, int registerCount)
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
            _byRegister = new Contribution[_contributions.Length];
        }

        for (int i = 0; i < n; i++)
        {
            _registerStarts[_contributions[i].Register + 1]++;
        }

        for (int r = 0; r < registerCount; r++)
        {
            _registerStarts[r + 1] += _registerStarts[r];
        }

        // _registerStarts[r + 1] is where register r's run ends: fill each run from its end,
        // which leaves _registerStarts[r + 1] at the run's start; then shift them into place.
        for (int i = n - 1; i >= 0; i--)
        {
            ref int end = ref _registerStarts[_contributions[i].Register + 1];
            _byRegister[--end] = _contributions[i];
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
        var registerSettings = new HllSettings(settings.Log2m, settings.RegisterWidth, 0, settings.SparseEnabled);
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
                bool crowded = counts[window + i] > explicitLimit;
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
}
