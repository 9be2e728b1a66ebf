namespace StreamAgg.Sink.Heatmap.Rollups;

/// <summary>
/// One rollup block: the days [Start, Start + 2^Level). Blocks are aligned: Start's day number
/// (<see cref="DateOnly.DayNumber"/>) is a multiple of 2^Level, so each level tiles the calendar
/// and a block of level k is exactly its two halves of level k − 1.
/// </summary>
internal readonly record struct HeatmapRollupBlock(int Level, DateOnly Start)
{
    /// <summary>The highest level built: blocks of 128 days, so a 90-day range needs no more than about a dozen blocks.</summary>
    public const int MaxLevel = 7;

    public int Days => 1 << Level;

    public DateOnly Last => Start.AddDays(Days - 1);

    /// <summary>The block of <paramref name="level"/> holding <paramref name="day"/>.</summary>
    public static HeatmapRollupBlock Containing(DateOnly day, int level) =>
        new(level, DateOnly.FromDayNumber(day.DayNumber - (day.DayNumber % (1 << level))));

    public HeatmapRollupBlock FirstHalf => new(Level - 1, Start);

    public HeatmapRollupBlock SecondHalf => new(Level - 1, Start.AddDays(Days / 2));
}
