using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

/// <summary>
/// Every line of every scenario: a line listed in expected-dead-letters.ndjson with a
/// validation reason must fail with exactly that reason; every other line (including those
/// the engagement layer later drops as <c>late</c>) must parse.
/// </summary>
public sealed class PlayerEventParserScenarioTests
{
    public static TheoryData<string> Scenarios => [.. ScenarioLines.Names];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void TryParse_ScenarioLines_MatchExpectedValidationDeadLetters(string scenario)
    {
        var parser = new PlayerEventParser();
        var actual = new List<(string Reason, string Raw)>();
        int parsed = 0;
        foreach (byte[] line in ScenarioLines.RawLines(scenario, "events.ndjson"))
        {
            DeadLetterReason reason = parser.TryParse(line, out PlayerEvent evt);
            if (reason == DeadLetterReason.None)
            {
                Assert.False(string.IsNullOrEmpty(evt.UserId));
                parsed++;
            }
            else
            {
                actual.Add((reason.ToWireName(), ScenarioLines.Text(line)));
            }
        }

        List<(string Reason, string Raw)> expected = ScenarioLines.ExpectedDeadLetters(scenario);
        var expectedValidation = expected.Where(d => d.Reason != "late").Order().ToList();
        Assert.Equal(expectedValidation, actual.Order().ToList());
        Assert.True(parsed > 0);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void TryParse_LinesExpectedLate_ParseSuccessfully(string scenario)
    {
        var parser = new PlayerEventParser();
        var lateLines = new HashSet<string>(ScenarioLines.ExpectedDeadLetters(scenario).Where(d => d.Reason == "late").Select(d => d.Raw));
        var events = ScenarioLines.RawLines(scenario, "events.ndjson");

        int found = 0;
        foreach (byte[] line in events)
        {
            if (lateLines.Contains(ScenarioLines.Text(line)))
            {
                found++;
                Assert.Equal(DeadLetterReason.None, parser.TryParse(line, out _));
            }
        }

        // every expected late dead letter is a line of the input (byte for byte)
        Assert.True(found >= lateLines.Count);
    }

    [Fact]
    public void TryParse_BadInputScenario_EachLineItsReason()
    {
        var parser = new PlayerEventParser();
        DeadLetterReason[] reasons = [.. ScenarioLines.RawLines("10-bad-input", "events.ndjson").Select(line => parser.TryParse(line, out _))];

        Assert.Equal(
            [
                DeadLetterReason.InvalidJson, DeadLetterReason.InvalidJson, DeadLetterReason.InvalidJson,
                DeadLetterReason.UnknownEvent, DeadLetterReason.BadTimestamp, DeadLetterReason.BadPosition,
                DeadLetterReason.BadTimestamp, DeadLetterReason.BadPosition, DeadLetterReason.MissingField,
                DeadLetterReason.BadField, DeadLetterReason.None, DeadLetterReason.None,
            ],
            reasons);
    }
}
