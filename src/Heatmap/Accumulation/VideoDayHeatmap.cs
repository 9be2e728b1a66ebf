using StreamAgg.Hll;

namespace StreamAgg.Heatmap.Accumulation;

/// <summary>The seconds of one (video, day), in pages keyed by second / <see cref="SecondPage.Size"/>.</summary>
internal sealed class VideoDayHeatmap(VideoDayKey key)
{
    private readonly Dictionary<int, SecondPage> _pages = [];

    public VideoDayKey Key { get; } = key;

    public bool HasDelta { get; set; }

    public void Credit(int first, int lastExclusive, long hash, HllSettings settings, int explicitLimit, HeatmapTracking tracking)
    {
        bool totals = (tracking & HeatmapTracking.Totals) != 0;
        bool deltas = (tracking & HeatmapTracking.Deltas) != 0;
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

    public IEnumerable<HeatmapRow> Rows()
    {
        foreach (int pageIndex in SortedPageIndexes())
        {
            HeatmapCell[] cells = _pages[pageIndex].Cells;
            for (int i = 0; i < cells.Length; i++)
            {
                if (!cells[i].Viewers.IsEmpty)
                {
                    long rounded = (long)Math.Round(cells[i].Viewers.Cardinality(), MidpointRounding.AwayFromZero);
                    yield return new HeatmapRow(Key.VideoId, Key.Day, (pageIndex << SecondPage.Shift) + i, rounded, cells[i].Plays);
                }
            }
        }
    }

    private int[] SortedPageIndexes()
    {
        int[] indexes = [.. _pages.Keys];
        Array.Sort(indexes);
        return indexes;
    }
}
