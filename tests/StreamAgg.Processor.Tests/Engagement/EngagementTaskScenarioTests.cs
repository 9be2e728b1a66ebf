using StreamAgg.Core.Engagement;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Testing.Scenarios;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>
/// Every worked scenario through one engagement task (one partition, all records, one commit):
/// the rows and dead letters it sends are the expected ones (SEMANTICS.md §8 tolerances).
/// </summary>
public sealed class EngagementTaskScenarioTests
{
    public static IEnumerable<object[]> Scenarios => ScenarioInput.All();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Flush_ScenarioInOneCommit_RowsEqualExpected(string scenario)
    {
        using ProcessorTestDriver driver = ScenarioInput.Driver(scenario);
        ScenarioInput.PipeAll(driver, ScenarioInput.Events(scenario));
        driver.Commit();

        List<EngagementRow> expected = ScenarioInput.ExpectedRows(scenario);
        Assert.NotEmpty(expected);
        Assert.Equal("", RowComparison.Report(expected, driver.ReadLatestEngagementRows().Values));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Flush_ScenarioInOneCommit_OneRowAndOneChangelogRecordPerKey(string scenario)
    {
        using ProcessorTestDriver driver = ScenarioInput.Driver(scenario);
        ScenarioInput.PipeAll(driver, ScenarioInput.Events(scenario));
        driver.Commit();

        int keys = ScenarioInput.ExpectedRows(scenario).Count;
        Assert.Equal(keys, driver.OutputOf(TopicNames.Engagement).Count);
        Assert.Equal(keys, driver.ChangelogRecords.Count);
        Assert.All(driver.ChangelogRecords, r => Assert.Equal(0, r.Partition));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Process_Scenario_DeadLettersEqualExpectedWithReasonHeader(string scenario)
    {
        using ProcessorTestDriver driver = ScenarioInput.Driver(scenario);
        ScenarioInput.PipeAll(driver, ScenarioInput.Events(scenario));

        IReadOnlyList<CapturedDeadLetter> actual = driver.ReadDeadLetters();
        var expected = ScenarioFolder.DeadLetters(scenario).Select(d => $"{d.Reason}|{d.Raw}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual.Select(d => $"{d.Reason}|{d.Raw}").Order(StringComparer.Ordinal).ToList());
        Assert.All(actual, d => Assert.Equal(d.Reason, d.ReasonHeader));
        Assert.All(actual, d => Assert.Matches(@"^player-events/0/\d+$", d.SourceHeader));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Process_ScenarioBeforeAnyCommit_OnlyDeadLettersSent(string scenario)
    {
        using ProcessorTestDriver driver = ScenarioInput.Driver(scenario);
        ScenarioInput.PipeAll(driver, ScenarioInput.Events(scenario));

        // Dead letters leave as they occur; rows, changelog and deltas wait for the commit.
        Assert.All(driver.Output, r => Assert.Equal(TopicNames.DeadLetters, r.Topic));
        Assert.Equal(ScenarioFolder.DeadLetters(scenario).Count, driver.Output.Count);
    }
}
