using StreamAgg.Testing.Scenarios;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Scenarios;

/// <summary>
/// SEMANTICS.md §2: events out of order within the lateness window give the result of sorted
/// input. For every scenario, the events it applies are replayed sorted, then in seeded random
/// orders where each event arrives less than allowedLateness after events newer than it; rows
/// and final credited intervals must be identical.
/// </summary>
public sealed class OutOfOrderEquivalenceTests
{
    public static IEnumerable<object[]> Scenarios => ScenarioFolder.All();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Apply_RandomOrderWithinLateness_GivesTheSortedResult(string scenario)
    {
        List<PlayerEvent> applied = AppliedEvents(scenario);
        List<PlayerEvent> sorted = applied.OrderBy(e => e.TimestampMs).ToList(); // stable: ties keep arrival order
        (List<string> Rows, List<string> Credits) expected = Run(scenario, sorted);

        for (int seed = 1; seed <= 20; seed++)
        {
            List<PlayerEvent> shuffled = LatenessJitter.Shuffle(sorted, e => e.TimestampMs, new Random(seed), EngagementOptions.Default.AllowedLateness.TotalMilliseconds);
            (List<string> Rows, List<string> Credits) actual = Run(scenario, shuffled);

            Assert.Equal(expected.Rows, actual.Rows);
            Assert.Equal(expected.Credits, actual.Credits);
        }
    }

    /// <summary>The events a straight run applies (no duplicates, no late ones), in arrival order.</summary>
    private static List<PlayerEvent> AppliedEvents(string scenario)
    {
        var engine = new EngagementEngine(EngagementOptions.Default, ScenarioRun.LoadCatalog(scenario), new RecordingOutput());
        return ScenarioRun.Parse(scenario).Events.Select(e => e.Event).Where(e => engine.Apply(e) == EventOutcome.Applied).ToList();
    }

    private static (List<string> Rows, List<string> Credits) Run(string scenario, List<PlayerEvent> events)
    {
        var output = new RecordingOutput();
        var engine = new EngagementEngine(EngagementOptions.Default, ScenarioRun.LoadCatalog(scenario), output);
        foreach (PlayerEvent evt in events)
        {
            Assert.Equal(EventOutcome.Applied, engine.Apply(evt));
        }

        engine.Flush();
        List<string> rows = engine.BuildAllRows()
            .Select(r => (r with { Version = 0, QualityFlags = [] }).ToString() + string.Join(",", r.QualityFlags))
            .Order(StringComparer.Ordinal).ToList();
        List<string> credits = output.Credits.Select(c => $"{c.Key}|{c.Interval}").Order(StringComparer.Ordinal).ToList();
        return (rows, credits);
    }
}
