using System.Buffers;
using StreamAgg.Hll;

namespace StreamAgg.Heatmap.Accumulation;

/// <summary>
/// The seconds of one (video, day), in pages keyed by second / <see cref="SecondPage.Size"/>.
/// Totals alone (batch) keep the viewers as a <see cref="ViewerCoverage"/> while it is small and
/// count each second's viewers from it at the end; with deltas, or once the coverage is large,
/// each second keeps its own set.
/// </summary>
internal sealed class VideoDayHeatmap(VideoDayKey key)
{
    private readonly Dictionary<int, SecondPage> _pages = [];
    private ViewerCoverage? _coverage;
    private bool _perSecondViewers;

    public VideoDayKey Key { get; } = key;

    public bool HasDelta { get; set; }

    /// <summary>The accumulator's drain that last carried this pair's delta (for forgetting idle pairs).</summary>
    public int LastDrain { get; set; }

    public void Credit(int first, int lastExclusive, long hash, HllSettings settings, int explicitLimit, HeatmapTracking tracking)
    {
        bool totals = (tracking & HeatmapTracking.Totals) != 0;
        bool deltas = (tracking & HeatmapTracking.Deltas) != 0;
        bool covered = tracking == HeatmapTracking.Totals && !_perSecondViewers;
        int second = first;
        while (second < lastExclusive)
        {
            int pageIndex = second >> SecondPage.Shift;
            if (!_pages.TryGetValue(pageIndex, out SecondPage? page))
            {
                page = new SecondPage();
                _pages.Add(pageIndex, page);
            }

            int pageEnd = (int)Math.Min((long)(pageIndex + 1) << SecondPage.Shift, lastExclusive);
            if (covered)
            {
                // Totals alone, viewers in the coverage: the plays are a difference array too.
                page.AddPlays(second & (SecondPage.Size - 1), pageEnd - (pageIndex << SecondPage.Shift));
                second = pageEnd;
                continue;
            }

            HeatmapCell[] cells = page.Cells;
            for (; second < pageEnd; second++)
            {
                ref HeatmapCell cell = ref cells[second & (SecondPage.Size - 1)];
                if (totals)
                {
                    cell.Plays++;
                    cell.Viewers.Add(hash, settings, explicitLimit);
                }

                if (deltas)
                {
                    cell.DeltaPlays++;
                    cell.DeltaViewers.Add(hash, settings, explicitLimit);
                }
            }

            if (deltas)
            {
                page.HasDelta = true;
            }
        }

        HasDelta |= deltas;
        if (covered)
        {
            _coverage ??= new ViewerCoverage();
            _coverage.Add(hash, first, lastExclusive);
            if (_coverage.RangeCount > ViewerCoverage.MaxRanges)
            {
                MoveCoverageToSeconds(settings, explicitLimit);
            }
        }
    }

    /// <summary>Hands out the delta viewers as sketches (they leave this object) and resets the deltas.</summary>
    public HeatmapDelta DrainDelta(HllSettings settings)
    {
        var seconds = new List<HeatmapSecondDelta>();
        foreach (int pageIndex in SortedPageIndexes())
        {
            SecondPage page = _pages[pageIndex];
            if (!page.HasDelta)
            {
                continue;
            }

            HeatmapCell[] cells = page.Cells;
            for (int i = 0; i < cells.Length; i++)
            {
                ref HeatmapCell cell = ref cells[i];
                if (!cell.DeltaViewers.IsEmpty)
                {
                    seconds.Add(new HeatmapSecondDelta((pageIndex << SecondPage.Shift) + i, cell.DeltaPlays, cell.DeltaViewers.TakeSketch(settings)));
                    cell.DeltaPlays = 0;
                }
            }

            page.HasDelta = false;
        }

        HasDelta = false;
        return new HeatmapDelta(Key.VideoId, Key.Day, seconds);
    }

    /// <summary>
    /// The same delta as <see cref="DrainDelta"/>, written straight in the wire format of
    /// <see cref="HeatmapDeltaCodec"/> without building it; returns its number of seconds.
    /// </summary>
    public int DrainDeltaTo(IBufferWriter<byte> writer, HllSettings settings, ref long[] scratch)
    {
        int[] pageIndexes = SortedPageIndexes();
        int count = 0;
        foreach (int pageIndex in pageIndexes)
        {
            SecondPage page = _pages[pageIndex];
            if (page.HasDelta)
            {
                foreach (ref HeatmapCell cell in page.Cells.AsSpan())
                {
                    count += cell.DeltaViewers.IsEmpty ? 0 : 1;
                }
            }
        }

        HeatmapDeltaCodec.WriteHead(writer, Key.VideoId, Key.Day, count);
        long previous = -1;
        foreach (int pageIndex in pageIndexes)
        {
            SecondPage page = _pages[pageIndex];
            if (!page.HasDelta)
            {
                continue;
            }

            HeatmapCell[] cells = page.Cells;
            for (int i = 0; i < cells.Length; i++)
            {
                ref HeatmapCell cell = ref cells[i];
                if (!cell.DeltaViewers.IsEmpty)
                {
                    int second = (pageIndex << SecondPage.Shift) + i;
                    cell.DeltaViewers.DrainTo(writer, second - previous, cell.DeltaPlays, settings, ref scratch);
                    cell.DeltaPlays = 0;
                    previous = second;
                }
            }

            page.HasDelta = false;
        }

        HasDelta = false;
        return count;
    }

    public IEnumerable<HeatmapRow> Rows(HllSettings settings, int explicitLimit)
    {
        FoldPlays();
        Dictionary<int, long[]>? distinct = _coverage is null ? null : CoveredViewerCounts.Count(_coverage, _pages.Keys, _pages.Count, settings, explicitLimit);
        foreach (int pageIndex in SortedPageIndexes())
        {
            HeatmapCell[] cells = _pages[pageIndex].Cells;
            long[]? counts = distinct?[pageIndex];
            for (int i = 0; i < cells.Length; i++)
            {
                // Every totals credit adds a play, so a second with plays has viewers.
                if (cells[i].Plays > 0)
                {
                    long viewers = counts is not null
                        ? counts[i]
                        : (long)Math.Round(cells[i].Viewers.Cardinality(), MidpointRounding.AwayFromZero);
                    yield return new HeatmapRow(Key.VideoId, Key.Day, (pageIndex << SecondPage.Shift) + i, viewers, cells[i].Plays);
                }
            }
        }
    }

    private void FoldPlays()
    {
        foreach (SecondPage page in _pages.Values)
        {
            page.FoldPlays();
        }
    }

    // From now on every second keeps its own set (or sketch) of viewers, and its own plays.
    private void MoveCoverageToSeconds(HllSettings settings, int explicitLimit)
    {
        FoldPlays();
        foreach (KeyValuePair<long, SecondRanges> viewer in _coverage!)
        {
            SecondRanges ranges = viewer.Value;
            for (int r = 0; r < ranges.Count; r++)
            {
                for (int second = ranges.Start(r); second < ranges.End(r); second++)
                {
                    _pages[second >> SecondPage.Shift].Cells[second & (SecondPage.Size - 1)].Viewers.Add(viewer.Key, settings, explicitLimit);
                }
            }
        }

        _coverage = null;
        _perSecondViewers = true;
    }

    private int[] SortedPageIndexes()
    {
        int[] indexes = [.. _pages.Keys];
        Array.Sort(indexes);
        return indexes;
    }
}
