namespace StreamAgg.Sink.Heatmap.Rollups;

/// <summary>
/// Which stored sequences answer a range: the range cut into aligned blocks, the largest first
/// (at most two per level); a block that was never built, or whose days changed since it was
/// built (their counters no longer add up to the sum it was built from), is replaced by its two
/// halves, down to single days, and a day without a current block is read from its
/// <c>heatmap_daily</c> rows. Days without any heatmap row (counter 0) are skipped. When the caller
/// accepts some lag, a day's own block that is stale but was built recently enough is served instead
/// of its rows (today's, typically: it changes with every batch the sink merges).
/// </summary>
internal sealed class HeatmapRollupPlan
{
    private readonly IReadOnlyDictionary<DateOnly, long> _dayChanges;
    private readonly IReadOnlyDictionary<HeatmapRollupBlock, (long ChangesSum, DateTimeOffset BuiltAt)> _built;
    private readonly DateTimeOffset? _staleDaysBuiltSince;

    private HeatmapRollupPlan(IReadOnlyDictionary<DateOnly, long> dayChanges, IReadOnlyDictionary<HeatmapRollupBlock, (long ChangesSum, DateTimeOffset BuiltAt)> built, DateTimeOffset? staleDaysBuiltSince)
    {
        _dayChanges = dayChanges;
        _built = built;
        _staleDaysBuiltSince = staleDaysBuiltSince;
    }

    /// <summary>Current blocks to read from <c>heatmap_rollup</c>.</summary>
    public List<HeatmapRollupBlock> Blocks { get; } = [];

    /// <summary>Days to read from <c>heatmap_daily</c> (no current block holds them).</summary>
    public List<DateOnly> Days { get; } = [];

    /// <summary>When the oldest stale day block among <see cref="Blocks"/> was built; null when every block is current.</summary>
    public DateTimeOffset? OldestStaleBuild { get; private set; }

    /// <param name="from">First day of the range.</param>
    /// <param name="to">Last day of the range.</param>
    /// <param name="dayChanges">The counters of the range's days that have any (others count 0).</param>
    /// <param name="built">The built blocks inside the range, with the counter sum each was built from and when.</param>
    /// <param name="staleDaysBuiltSince">
    /// Serve a day's block whose day changed since, when it was built at or after this; null: never
    /// (the answer then holds every delta stored).
    /// </param>
    public static HeatmapRollupPlan For(DateOnly from, DateOnly to, IReadOnlyDictionary<DateOnly, long> dayChanges,
        IReadOnlyDictionary<HeatmapRollupBlock, (long ChangesSum, DateTimeOffset BuiltAt)> built, DateTimeOffset? staleDaysBuiltSince = null)
    {
        var plan = new HeatmapRollupPlan(dayChanges, built, staleDaysBuiltSince);
        var day = from;
        while (day <= to)
        {
            var level = HeatmapRollupBlock.MaxLevel;
            while (level > 0 && (day.DayNumber % (1 << level) != 0 || day.DayNumber + (1 << level) - 1 > to.DayNumber))
                level--;
            var block = new HeatmapRollupBlock(level, day);
            plan.Use(block);
            if (block.Last >= to)
                break;
            day = block.Last.AddDays(1);
        }
        return plan;
    }

    /// <summary>The sum of the counters of the block's days: what a current build of it was built from.</summary>
    public static long ChangesOf(HeatmapRollupBlock block, IReadOnlyDictionary<DateOnly, long> dayChanges)
    {
        long sum = 0;
        for (var i = 0; i < block.Days; i++)
            sum += dayChanges.GetValueOrDefault(block.Start.AddDays(i));
        return sum;
    }

    private void Use(HeatmapRollupBlock block)
    {
        var changes = ChangesOf(block, _dayChanges);
        if (changes == 0)
            return; // no heatmap rows on any of its days
        var stored = _built.TryGetValue(block, out var b);
        if (stored && b.ChangesSum == changes)
            Blocks.Add(block);
        else if (block.Level == 0 && stored && b.BuiltAt >= _staleDaysBuiltSince)
        {
            Blocks.Add(block);
            OldestStaleBuild = OldestStaleBuild is { } oldest && oldest < b.BuiltAt ? oldest : b.BuiltAt;
        }
        else if (block.Level == 0)
            Days.Add(block.Start);
        else
        {
            Use(block.FirstHalf);
            Use(block.SecondHalf);
        }
    }
}
