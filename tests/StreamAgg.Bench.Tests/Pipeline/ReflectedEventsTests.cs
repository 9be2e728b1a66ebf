using System.Text.Json;
using StreamAgg.Bench.Pipeline;
using StreamAgg.Core.Engagement;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Bench.Tests.Pipeline;

public sealed class ReflectedEventsTests
{
    [Fact]
    public void Count_RowWrittenByTheProcessor_SumsAppliedLateAndDuplicateEvents()
    {
        var row = new EngagementRow
        {
            UserId = "u1",
            VideoId = "v1",
            VideoTitle = "A title with \"eventsApplied\": 1000 in it",
            EngagementTier = "high",
            EventsApplied = 7,
            LateEventsDropped = 2,
            DuplicateEventsDropped = 3,
            QualityFlags = ["late_events"],
            Version = 41,
        };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
            EngagementRowJson.Write(json, row, includeStreamingFields: true);

        Assert.Equal(12, ReflectedEvents.Count(buffer.ToArray()));
    }

    [Fact]
    public void Count_NotAnObject_Throws()
    {
        Assert.Throws<JsonException>(() => ReflectedEvents.Count("[1,2]"u8));
    }
}
