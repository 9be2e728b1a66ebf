using StreamAgg.Sink.Heatmap;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

public sealed class HeatmapRangePlanTests
{
    [Theory]
    [InlineData("2026-01-25", "2026-03-31", "2026-02-01", "2026-04-01")]
    [InlineData("2026-01-01", "2026-01-31", "2026-01-01", "2026-02-01")]
    [InlineData("2025-12-01", "2026-02-27", "2025-12-01", "2026-02-01")]
    [InlineData("2024-02-01", "2024-02-29", "2024-02-01", "2024-03-01")]
    public void For_RangeHoldingWholeMonths_ReadsThoseFromTheRollup(string from, string to, string monthsFrom, string monthsUntil)
    {
        var plan = HeatmapRangePlan.For(DateOnly.Parse(from), DateOnly.Parse(to));

        Assert.Equal((DateOnly.Parse(monthsFrom), DateOnly.Parse(monthsUntil)), (plan.FullMonthsFrom, plan.FullMonthsUntil));
    }

    [Theory]
    [InlineData("2026-01-02", "2026-01-31")]
    [InlineData("2026-01-31", "2026-02-01")]
    [InlineData("2026-01-01", "2026-01-30")]
    [InlineData("2026-03-05", "2026-03-05")]
    public void For_RangeWithoutAWholeMonth_ReadsOnlyDailyRows(string from, string to)
    {
        var plan = HeatmapRangePlan.For(DateOnly.Parse(from), DateOnly.Parse(to));

        Assert.Equal(plan.FullMonthsFrom, plan.FullMonthsUntil);
    }
}
