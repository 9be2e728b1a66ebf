using System.Text;
using System.Text.Json;
using StreamAgg.Core.Engagement;
using StreamAgg.Testing.Scenarios;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Core.Tests.Scenarios;

/// <summary>
/// The worked scenarios of tests/scenarios, end to end through the real parser and the
/// engagement core: rows, dead letters and the (exact) heatmap of the final credited intervals.
/// </summary>
public sealed class ScenarioTests
{
    public static IEnumerable<object[]> Scenarios => ScenarioFolder.All();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Engagement_Scenario_MatchesExpectedRows(string scenario)
    {
        ScenarioRun run = ScenarioRun.Execute(scenario);

        List<EngagementRow> expected = ScenarioFolder.Lines(scenario, "expected-engagement.ndjson").Select(l => EngagementRowJson.Read(l)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal("", RowComparison.Report(expected, run.Rows));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void DeadLetters_Scenario_MatchExpected(string scenario)
    {
        ScenarioRun run = ScenarioRun.Execute(scenario);

        var expected = ScenarioFolder.Lines(scenario, "expected-dead-letters.ndjson").Select(ReadDeadLetter).Order().ToList();
        var actual = run.DeadLetters.Select(d => $"{d.Reason}|{d.Raw}").Order().ToList();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Heatmap_Scenario_MatchesExpectedCells(string scenario)
    {
        ScenarioRun run = ScenarioRun.Execute(scenario);

        SortedDictionary<string, (int Viewers, int Plays)> expected = ExactHeatmap.Expected(scenario);
        SortedDictionary<string, (int Viewers, int Plays)> actual = ExactHeatmap.From(run.Output.Credits);
        var report = new StringBuilder();
        foreach ((string cell, (int v, int p)) in expected)
        {
            if (!actual.TryGetValue(cell, out (int V, int P) got) || got != (v, p))
            {
                report.AppendLine($"{cell}: expected {v},{p} got {(actual.ContainsKey(cell) ? $"{got.V},{got.P}" : "nothing")}");
            }
        }

        foreach (string cell in actual.Keys.Where(c => !expected.ContainsKey(c)))
        {
            report.AppendLine($"{cell}: unexpected {actual[cell]}");
        }

        Assert.Equal("", report.ToString());
    }

    private static string ReadDeadLetter(byte[] line)
    {
        using JsonDocument doc = JsonDocument.Parse(line);
        return $"{doc.RootElement.GetProperty("reason").GetString()}|{doc.RootElement.GetProperty("raw").GetString()}";
    }
}
