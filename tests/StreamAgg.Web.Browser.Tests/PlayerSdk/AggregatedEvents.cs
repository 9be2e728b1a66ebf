using System.Text;
using System.Text.Json.Nodes;
using StreamAgg.Batch;
using StreamAgg.Core.Engagement;
using StreamAgg.Wire;

namespace StreamAgg.Web.Browser.Tests.PlayerSdk;

/// <summary>
/// What StreamAgg makes of the events a browser sent: the same parser and engine the processor
/// runs (through <c>aggregate</c>), so a test sees dead letters and the engagement row, not just
/// the JSON.
/// </summary>
internal sealed record AggregatedEvents(IReadOnlyDictionary<string, long> DeadLetters, IReadOnlyList<EngagementRow> Rows)
{
    public static AggregatedEvents Of(IEnumerable<JsonObject> events)
    {
        var ndjson = string.Join('\n', events.Select(e => e.ToJsonString()));
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(ndjson));
        using var rows = new MemoryStream();
        using var deadLetters = new MemoryStream();
        var summary = new BatchAggregator().Run(input, null, rows, null, deadLetters);
        var parsed = Encoding.UTF8.GetString(rows.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => EngagementRowJson.Read(Encoding.UTF8.GetBytes(line)))
            .ToList();
        Assert.True(summary.DeadLetters.Values.Sum() == 0, $"dead letters: {Encoding.UTF8.GetString(deadLetters.ToArray())}");
        return new AggregatedEvents(summary.DeadLetters, parsed);
    }

    /// <summary>The one row (one viewer, one video).</summary>
    public EngagementRow Row => Assert.Single(Rows);
}
