using StreamAgg.Core.Engagement;
using StreamAgg.Heatmap;
using StreamAgg.Processor.TestDriver;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>
/// SEMANTICS.md §6 in streaming: the heatmap deltas a task emits across many commits, merged as
/// the sink merges them (sketch union, plays summed), are the batch heatmap once every session
/// has closed (closing finalizes a quiet key's pending credits).
/// </summary>
public sealed class EngagementTaskHeatmapTests
{
    public static IEnumerable<object[]> Scenarios => ScenarioInput.All();

    private static readonly TimeSpan PastEveryTimeout =
        EngagementOptions.Default.SessionTimeout + EngagementOptions.Default.AllowedLateness + TimeSpan.FromMinutes(1);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Flush_DeltasOfManyCommitsMerged_EqualTheBatchHeatmap(string scenario)
    {
        using ProcessorTestDriver driver = ScenarioInput.Driver(scenario);
        List<byte[]> events = ScenarioInput.Events(scenario);
        for (int i = 0; i < events.Count; i++)
        {
            driver.PipeInput(null, events[i]);
            if (i % 5 == 4)
            {
                driver.Commit();
            }
        }

        driver.Commit();
        driver.AdvanceWallClock(PastEveryTimeout);
        driver.Commit();

        Assert.Equal(Lines(ScenarioInput.ExpectedHeatmap(scenario)), Lines(driver.ReadMergedHeatmap()));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Flush_BeforeSessionsClose_DeltasNeverExceedTheBatchHeatmap(string scenario)
    {
        using ProcessorTestDriver driver = ScenarioInput.Driver(scenario);
        ScenarioInput.PipeAll(driver, ScenarioInput.Events(scenario));
        driver.Commit();

        // Only final credits are emitted: whatever has left so far is part of the final heatmap.
        Dictionary<(string, DateOnly, int), HeatmapRow> expected = ScenarioInput.ExpectedHeatmap(scenario).ToDictionary(r => (r.VideoId, r.Day, r.Second));
        Assert.All(driver.ReadMergedHeatmap(), cell =>
        {
            Assert.True(expected.TryGetValue((cell.VideoId, cell.Day, cell.Second), out HeatmapRow full), $"unexpected {cell}");
            Assert.InRange(cell.Plays, 1, full.Plays);
            Assert.InRange(cell.Viewers, 1, full.Viewers);
        });
    }

    private static List<string> Lines(IEnumerable<HeatmapRow> rows) =>
        rows.Select(r => $"{r.VideoId},{r.Day:yyyy-MM-dd},{r.Second},{r.Viewers},{r.Plays}").ToList();
}
