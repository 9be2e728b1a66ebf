namespace StreamAgg.Heatmap.Accumulation;

/// <summary>
/// A run of consecutive seconds. Seconds live in pages so a stray position far into a video
/// of unknown duration costs one page, not an array reaching up to it.
/// </summary>
internal sealed class SecondPage
{
    public const int Shift = 8;
    public const int Size = 1 << Shift;
    public const long MaxSecond = int.MaxValue;

    // Plays not yet in the cells, as a difference array: +1 at a credited range's first second,
    // −1 after its last. A credit is then two writes instead of one per second (the owner uses
    // it while it keeps viewers as coverage, for totals alone).
    private long[]? _playsChange;

    public HeatmapCell[] Cells { get; } = new HeatmapCell[Size];

    public bool HasDelta { get; set; }

    /// <summary>One play for each of the page's seconds [<paramref name="from"/>, <paramref name="to"/>), offsets in the page.</summary>
    public void AddPlays(int from, int to)
    {
        long[] change = _playsChange ??= new long[Size + 1];
        change[from]++;
        change[to]--;
    }

    /// <summary>Moves the plays added by <see cref="AddPlays"/> into the cells.</summary>
    public void FoldPlays()
    {
        if (_playsChange is not { } change)
        {
            return;
        }

        long running = 0;
        for (int i = 0; i < Size; i++)
        {
            running += change[i];
            Cells[i].Plays += running;
        }

        _playsChange = null;
    }
}
