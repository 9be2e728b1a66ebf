namespace StreamAgg.Heatmap.Accumulation;

/// <summary>
/// The seconds each viewer covered in one (video, day), as disjoint ranges per viewer hash. A
/// credited interval is one merge here instead of one set insert per second: most intervals
/// continue the viewer's previous one, so a viewer holds a range or two, not a hash in every
/// second's set. The distinct viewers of a second are the viewers whose ranges hold it. Kept
/// only for totals, and only up to <see cref="MaxRanges"/> ranges, so memory stays bounded
/// (beyond that the owner moves the viewers into per-second sets).
/// </summary>
internal sealed class ViewerCoverage
{
    /// <summary>
    /// Ranges kept at most before the owner switches to per-second sets: about 100 bytes each
    /// (6 MB in all), where a set spends 8–16 bytes per viewer and second covered.
    /// </summary>
    public const int MaxRanges = 1 << 16;

    private readonly Dictionary<long, SecondRanges> _viewers = [];

    /// <summary>Ranges held over all viewers.</summary>
    public int RangeCount { get; private set; }

    /// <summary>The viewers with their ranges.</summary>
    public Dictionary<long, SecondRanges>.Enumerator GetEnumerator() => _viewers.GetEnumerator();

    /// <summary>Adds the seconds [<paramref name="first"/>, <paramref name="lastExclusive"/>) to the viewer's coverage.</summary>
    public void Add(long hash, int first, int lastExclusive)
    {
        ref SecondRanges? ranges = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_viewers, hash, out _);
        ranges ??= new SecondRanges();
        RangeCount += ranges.Add(first, lastExclusive);
    }
}
