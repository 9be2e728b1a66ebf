using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Heatmap;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Testing.Scenarios;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>
/// SEMANTICS.md §2 through the streaming task: a scenario's events arriving out of order within
/// the lateness window (seeded shuffles) give the rows and the heatmap of sorted arrival, even
/// though stream time, and so the closing of sessions, moves differently.
/// </summary>
public sealed class EngagementTaskOutOfOrderTests
{
    public static IEnumerable<object[]> Scenarios => ScenarioInput.All();

    private static readonly TimeSpan PastEveryTimeout =
        EngagementOptions.Default.SessionTimeout + EngagementOptions.Default.AllowedLateness + TimeSpan.FromMinutes(1);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Process_ShuffledWithinLateness_SameRowsAndHeatmapAsSorted(string scenario)
    {
        List<(byte[] Raw, long TimestampMs)> sorted = AppliedEvents(scenario).OrderBy(e => e.TimestampMs).ToList();
        (IReadOnlyDictionary<EngagementKey, EngagementRow> Rows, IReadOnlyList<HeatmapRow> Heatmap) expected = Run(scenario, sorted);

        for (int seed = 1; seed <= 5; seed++)
        {
            List<(byte[] Raw, long TimestampMs)> shuffled = LatenessJitter.Shuffle(sorted, e => e.TimestampMs, new Random(seed), EngagementOptions.Default.AllowedLateness.TotalMilliseconds);
            (IReadOnlyDictionary<EngagementKey, EngagementRow> Rows, IReadOnlyList<HeatmapRow> Heatmap) actual = Run(scenario, shuffled);

            Assert.Equal("", RowComparison.Report(expected.Rows.Values, actual.Rows.Values));
            Assert.Equal(expected.Rows.Values.Select(r => (r.UserId, r.VideoId, r.ActiveSession)).Order(), actual.Rows.Values.Select(r => (r.UserId, r.VideoId, r.ActiveSession)).Order());
            Assert.Equal(expected.Heatmap, actual.Heatmap);
        }
    }

    /// <summary>
    /// The events a straight run of the core applies (not invalid, duplicate or late), in file
    /// order, so that any order within the lateness window applies them all.
    /// </summary>
    private static List<(byte[] Raw, long TimestampMs)> AppliedEvents(string scenario)
    {
        var parser = new PlayerEventParser();
        var engine = new EngagementEngine(EngagementOptions.Default, ScenarioInput.Catalog(scenario), new IgnoredEngagementOutput());
        var applied = new List<(byte[], long)>();
        foreach (byte[] raw in ScenarioInput.Events(scenario))
        {
            if (parser.TryParse(raw, out PlayerEvent evt) == DeadLetterReason.None && engine.Apply(evt) == EventOutcome.Applied)
            {
                applied.Add((raw, evt.TimestampMs));
            }
        }

        return applied;
    }

    private static (IReadOnlyDictionary<EngagementKey, EngagementRow> Rows, IReadOnlyList<HeatmapRow> Heatmap) Run(string scenario, List<(byte[] Raw, long TimestampMs)> events)
    {
        using ProcessorTestDriver driver = ScenarioInput.Driver(scenario);
        for (int i = 0; i < events.Count; i++)
        {
            driver.PipeInput(null, events[i].Raw);
            if (i % 50 == 49)
            {
                driver.Commit();
            }
        }

        driver.Commit();
        Assert.Empty(driver.ReadDeadLetters());
        IReadOnlyDictionary<EngagementKey, EngagementRow> rows = driver.ReadLatestEngagementRows();
        driver.AdvanceWallClock(PastEveryTimeout);
        driver.Commit();
        return (rows, driver.ReadMergedHeatmap());
    }
}
