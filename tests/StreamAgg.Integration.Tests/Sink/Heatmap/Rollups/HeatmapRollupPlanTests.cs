using StreamAgg.Sink.Heatmap.Rollups;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Heatmap.Rollups;

/// <summary>Which blocks and days answer a range (pure: no database).</summary>
public sealed class HeatmapRollupPlanTests
{
    private static readonly DateOnly First = new(2026, 1, 15);

    [Fact]
    public void For_EveryRangeOf90DaysAllBuilt_EachDayOnceAtMostTwoBlocksPerLevel()
    {
        var days = Enumerable.Range(0, 90).ToDictionary(d => First.AddDays(d), _ => 1L);
        var built = new Dictionary<HeatmapRollupBlock, (long, DateTimeOffset)>();
        for (var level = 0; level <= HeatmapRollupBlock.MaxLevel; level++)
        {
            foreach (var day in days.Keys)
            {
                var block = HeatmapRollupBlock.Containing(day, level);
                built[block] = (HeatmapRollupPlan.ChangesOf(block, days), DateTimeOffset.UnixEpoch);
            }
        }

        for (var from = 0; from < 90; from++)
        {
            for (var to = from; to < 90; to++)
            {
                var plan = HeatmapRollupPlan.For(First.AddDays(from), First.AddDays(to), days, built);

                Assert.Empty(plan.Days);
                var covered = plan.Blocks.SelectMany(b => Enumerable.Range(0, b.Days).Select(i => b.Start.AddDays(i))).ToList();
                Assert.Equal(Enumerable.Range(from, to - from + 1).Select(d => First.AddDays(d)), covered.Order());
                Assert.All(plan.Blocks.GroupBy(b => b.Level), g => Assert.True(g.Count() <= 2));
                Assert.True(plan.Blocks.Count <= 12, $"{plan.Blocks.Count} blocks for days {from}..{to}");
            }
        }
    }

    [Fact]
    public void For_BlockWhoseDayChangedSince_SplitDownToThatDaysRows()
    {
        var day = new DateOnly(2026, 1, 16);
        var block = HeatmapRollupBlock.Containing(day, 2);
        var days = Enumerable.Range(0, 4).ToDictionary(i => block.Start.AddDays(i), _ => 1L);
        var built = new Dictionary<HeatmapRollupBlock, (long, DateTimeOffset)>
        {
            [block] = (4, DateTimeOffset.UnixEpoch),
            [block.FirstHalf] = (2, DateTimeOffset.UnixEpoch),
            [block.SecondHalf] = (2, DateTimeOffset.UnixEpoch),
            [new HeatmapRollupBlock(0, block.Start.AddDays(2))] = (1, DateTimeOffset.UnixEpoch),
        };
        days[block.Start.AddDays(3)] = 2; // a merge after the build

        var plan = HeatmapRollupPlan.For(block.Start, block.Last, days, built);
        var lagging = HeatmapRollupPlan.For(block.Start, block.Last, days,
            new Dictionary<HeatmapRollupBlock, (long, DateTimeOffset)>(built) { [new HeatmapRollupBlock(0, block.Start.AddDays(3))] = (1, DateTimeOffset.UnixEpoch.AddMinutes(1)) },
            staleDaysBuiltSince: DateTimeOffset.UnixEpoch);

        Assert.Equal([block.FirstHalf, new HeatmapRollupBlock(0, block.Start.AddDays(2))], plan.Blocks);
        Assert.Equal([block.Start.AddDays(3)], plan.Days);
        Assert.Null(plan.OldestStaleBuild);
        Assert.Empty(lagging.Days);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(1), lagging.OldestStaleBuild);
    }

    [Fact]
    public void For_DaysWithoutRows_NeitherBlocksNorDays()
    {
        var plan = HeatmapRollupPlan.For(First, First.AddDays(30), new Dictionary<DateOnly, long>(), new Dictionary<HeatmapRollupBlock, (long, DateTimeOffset)>());

        Assert.Empty(plan.Blocks);
        Assert.Empty(plan.Days);
    }
}
