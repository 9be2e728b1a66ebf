using System.Text;
using StreamAgg.Core.Events;
using StreamAgg.Web.Ingest;

namespace StreamAgg.Web.Tests.Ingest;

public sealed class EventBodySplitterTests
{
    [Fact]
    public void Split_JsonArrayWithBomAndWhitespace_SlicesAreTheElementsExactly()
    {
        var body = Encoding.UTF8.GetBytes("\uFEFF [ {\"a\": [1, {\"b\":2}]} ,\n\t17, \"x\", [ ] ] \r\n");

        var (outcome, events) = Split(body, IngestBodyFormat.Json);

        Assert.Equal(SplitOutcome.Split, outcome);
        Assert.Equal(["{\"a\": [1, {\"b\":2}]}", "17", "\"x\"", "[ ]"], events);
    }

    [Fact]
    public void Split_NdjsonWithCrlfAndBlankLines_OneEventPerNonBlankLine()
    {
        var body = Encoding.UTF8.GetBytes("{\"a\":1}\r\n\r\n \t \nnot json\n{\"b\":2}");

        var (outcome, events) = Split(body, IngestBodyFormat.Ndjson);

        Assert.Equal(SplitOutcome.Split, outcome);
        Assert.Equal(["{\"a\":1}", "not json", "{\"b\":2}"], events);
    }

    [Theory]
    [InlineData("[{}]", 1)]
    [InlineData(" {\"a\":1}\n{\"a\":2}", 2)]
    [InlineData("", 0)]
    public void Split_Sniffed_ArrayWhenItStartsWithABracketElseNdjson(string text, int count)
    {
        var (outcome, events) = Split(Encoding.UTF8.GetBytes(text), IngestBodyFormat.Sniffed);

        Assert.Equal(SplitOutcome.Split, outcome);
        Assert.Equal(count, events.Count);
    }

    [Fact]
    public void Split_ElementNestedDeeperThanTheParserAllows_IsStillAnEventTheParserRejects()
    {
        // 65 levels inside the array: the parser's limit is 64 (SEMANTICS.md §1), the body's is not.
        var deep = "{\"userId\":\"u\",\"x\":" + new string('[', 64) + new string(']', 64) + "}";
        var body = Encoding.UTF8.GetBytes("[" + deep + "]");

        var (outcome, events) = Split(body, IngestBodyFormat.Json);

        Assert.Equal(SplitOutcome.Split, outcome);
        Assert.Equal(DeadLetterReason.InvalidJson, new PlayerEventParser().TryParse(Encoding.UTF8.GetBytes(Assert.Single(events)), out _));
    }

    [Fact]
    public void Split_OneMoreEventThanTheLimit_TooManyEvents()
    {
        var body = Encoding.UTF8.GetBytes("[1,2,3,4]");

        Assert.Equal(SplitOutcome.TooManyEvents, EventBodySplitter.Split(body, IngestBodyFormat.Json, new EventSlice[3], out _));
        Assert.Equal(SplitOutcome.Split, EventBodySplitter.Split(body, IngestBodyFormat.Json, new EventSlice[4], out int count));
        Assert.Equal(4, count);
    }

    private static (SplitOutcome, List<string>) Split(byte[] body, IngestBodyFormat format)
    {
        var slices = new EventSlice[16];
        var outcome = EventBodySplitter.Split(body, format, slices, out int count);
        return (outcome, slices[..count].Select(s => Encoding.UTF8.GetString(body, s.Start, s.Length)).ToList());
    }
}
