namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// How long heatmap rows are kept, counted back from today's UTC date (the sink's clock, not the
/// newest day seen: one event stamped years ahead must not expire everything).
/// </summary>
public sealed record HeatmapRetention
{
    /// <summary>Days older than this many days before today are dropped (their partitions of <c>heatmap_daily</c>), once folded (default 90).</summary>
    public int DailyDays { get; init; } = 90;

    /// <summary>Monthly rows of months that started more than this many months before this month are deleted (default 24).</summary>
    public int MonthlyMonths { get; init; } = 24;

    /// <summary>How often the sink drops expired days (and creates the coming days' partitions); also once at start (default hourly).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The oldest day whose daily rows are kept when today is <paramref name="today"/>.</summary>
    public DateOnly FirstDailyDay(DateOnly today) => today.AddDays(-DailyDays);

    /// <summary>The oldest month whose monthly rows are kept when today is <paramref name="today"/>.</summary>
    public DateOnly FirstMonth(DateOnly today) => new DateOnly(today.Year, today.Month, 1).AddMonths(-MonthlyMonths);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(DailyDays, nameof(DailyDays));
        ArgumentOutOfRangeException.ThrowIfNegative(MonthlyMonths, nameof(MonthlyMonths));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Interval, TimeSpan.Zero, nameof(Interval));
    }
}
