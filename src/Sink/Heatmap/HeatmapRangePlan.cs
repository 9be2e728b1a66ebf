namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// How a range of days [From, To] is read: the whole calendar months inside it from
/// <c>heatmap_monthly</c> ([FullMonthsFrom, FullMonthsUntil), empty when equal), every other day
/// from <c>heatmap_daily</c>.
/// </summary>
internal readonly record struct HeatmapRangePlan(DateOnly From, DateOnly To, DateOnly FullMonthsFrom, DateOnly FullMonthsUntil)
{
    public static HeatmapRangePlan For(DateOnly from, DateOnly to)
    {
        var firstFull = from.Day == 1 ? from : FirstOfMonth(from).AddMonths(1);
        var untilFull = to.AddDays(1).Day == 1 ? to.AddDays(1) : FirstOfMonth(to);
        return firstFull < untilFull
            ? new HeatmapRangePlan(from, to, firstFull, untilFull)
            : new HeatmapRangePlan(from, to, from, from);
    }

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);
}
