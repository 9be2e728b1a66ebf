using System.Net;
using System.Text;
using StreamAgg.Wire;

namespace StreamAgg.Web.Tests.Ingest;

public sealed class IngestHandlerTests(IngestKafkaFixture kafka) : IClassFixture<IngestKafkaFixture>
{
    [Fact]
    public async Task Post_JsonArray_ProducesEachEventAsSentKeyedByUserIdAfterKafkaAcknowledged()
    {
        await using var server = await StartAsync();
        // Whitespace and field order as a player might send them: produced byte for byte.
        string[] events =
        [
            TestEvents.Valid("alice", 1),
            "{ \"eventName\": \"video_play\", \"userId\": \"b\\u00f6b\", \"videoId\": \"v2\",\n  \"timestamp\": 1796536800000, \"currentTime\": 0 }",
            TestEvents.Valid("carol", 3),
        ];

        var (response, body) = await server.SendAsync(IngestTestServer.Post("[\n" + string.Join(" ,\n", events) + "\n]"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, body.GetProperty("accepted").GetInt32());
        Assert.Equal(0, body.GetProperty("rejected").GetInt32());
        Assert.Equal(0, body.GetProperty("errors").GetArrayLength());
        // 202 means acknowledged: the records are in the topic now, not eventually.
        Assert.Equal(3, server.RecordCount());
        var records = server.ReadAll();
        Assert.Equal(events.Order(), records.Select(r => Encoding.UTF8.GetString(r.Message.Value)).Order());
        Assert.Equal(["alice", "böb", "carol"], records.Select(r => Encoding.UTF8.GetString(r.Message.Key)).Order());
        Assert.All(records, r => Assert.Equal(IngestTestServer.Site, Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes(MessageHeaders.IngestSite))));
    }

    [Fact]
    public async Task Post_Ndjson_ProducesEachLineSkippingBlankOnes()
    {
        await using var server = await StartAsync();
        var events = TestEvents.Batch("dave", 4);

        var (response, body) = await server.SendAsync(IngestTestServer.Post(
            events[0] + "\r\n\n  \n" + string.Join("\n", events[1..]), "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(4, body.GetProperty("accepted").GetInt32());
        Assert.Equal(events.Order(), server.ReadAll().Select(r => Encoding.UTF8.GetString(r.Message.Value)).Order());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_TextPlainBeaconWithKeyInQuery_AcceptsArrayOrNdjson(bool array)
    {
        await using var server = await StartAsync();
        var events = TestEvents.Batch("erin", 3);
        // What navigator.sendBeacon(url, string) sends: text/plain, no custom header, the page's origin.
        var request = IngestTestServer.Post(
            array ? TestEvents.JsonArray(events) : TestEvents.Ndjson(events),
            "text/plain;charset=UTF-8",
            key: null,
            origin: IngestTestServer.AllowedOrigin,
            path: $"/v1/events?key={IngestTestServer.Key}");

        var (response, body) = await server.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, body.GetProperty("accepted").GetInt32());
        Assert.Equal(IngestTestServer.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(events.Order(), server.ReadAll().Select(r => Encoding.UTF8.GetString(r.Message.Value)).Order());
    }

    [Fact]
    public async Task Post_InvalidEvents_RejectedWithTheProcessorsReasonsAndNeverProduced()
    {
        await using var server = await StartAsync();
        string[] events =
        [
            TestEvents.Valid("frank", 0),
            """{"userId":42,"videoId":"v1","eventName":"video_play","timestamp":"2026-12-06T06:00:00Z","currentTime":0}""",
            """{"userId":"u","videoId":"v1","eventName":"video_jump","timestamp":"2026-12-06T06:00:00Z","currentTime":0}""",
            """{"userId":"u","videoId":"v1","eventName":"video_play","timestamp":true,"currentTime":0}""",
            """{"userId":"u","videoId":"v1","eventName":"video_play","timestamp":"2026-12-06T06:00:00Z","currentTime":"12"}""",
            """{"userId":"u","videoId":"v1","eventName":"video_play","timestamp":"2026-12-06T06:00:00Z","currentTime":1,"playbackRate":"fast"}""",
            "17",
            "[1,2]",
            TestEvents.Valid("frank", 1),
        ];

        var (response, body) = await server.SendAsync(IngestTestServer.Post(TestEvents.JsonArray(events)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(7, body.GetProperty("rejected").GetInt32());
        Assert.Equal(
            [(1, "missing_field"), (2, "unknown_event"), (3, "bad_timestamp"), (4, "bad_position"), (5, "bad_field"), (6, "invalid_json"), (7, "invalid_json")],
            body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("reason").GetString())));
        Assert.Equal([events[0], events[8]], server.ReadAll().Select(r => Encoding.UTF8.GetString(r.Message.Value)).Order());
    }

    [Fact]
    public async Task Post_NdjsonLineThatIsNotJson_RejectedAsInvalidJsonOthersAccepted()
    {
        await using var server = await StartAsync();
        var valid = TestEvents.Valid("gina", 0);

        var (response, body) = await server.SendAsync(IngestTestServer.Post($"hello, world\n{valid}\n{{\"userId\":", "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(
            [(0, "invalid_json"), (2, "invalid_json")],
            body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("reason").GetString())));
        Assert.Equal([valid], server.ReadAll().Select(r => Encoding.UTF8.GetString(r.Message.Value)));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("[{\"userId\":\"a\"}, {\"userId\":")]
    [InlineData("[{\"userId\":\"a\"}] trailing")]
    [InlineData("{\"userId\":\"a\"} {\"userId\":\"b\"}")]
    [InlineData("\"a string\"")]
    public async Task Post_JsonBodyThatIsNotAnArrayOrObject_400AndNothingProduced(string text)
    {
        await using var server = await StartAsync();

        var (response, body) = await server.SendAsync(IngestTestServer.Post(text));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_body", body.GetProperty("error").GetString());
        Assert.Equal(0, server.RecordCount());
    }

    [Fact]
    public async Task Post_OneEventObject_AcceptedAsOneEvent()
    {
        await using var server = await StartAsync();
        var valid = TestEvents.Valid("hank", 0);

        var (response, body) = await server.SendAsync(IngestTestServer.Post(valid));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal([valid], server.ReadAll().Select(r => Encoding.UTF8.GetString(r.Message.Value)));
    }

    [Fact]
    public async Task Post_UnsupportedContentType_415AndNothingProduced()
    {
        await using var server = await StartAsync();

        var (response, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("ivy", 0), "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, server.RecordCount());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_BodyOverTheLimit_413AndNothingProduced(bool announced)
    {
        await using var server = await StartAsync(o => o.With(maxBodyBytes: 1024));
        var events = TestEvents.Batch("jack", 10);
        var text = TestEvents.JsonArray(events);
        Assert.True(Encoding.UTF8.GetByteCount(text) > 1024);
        var request = IngestTestServer.Post(text);
        if (!announced)
        {
            // Chunked: the size shows only while reading.
            request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(text)));
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.TransferEncodingChunked = true;
        }

        var (response, body) = await server.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body_too_large", body.GetProperty("error").GetString());
        Assert.Equal(0, server.RecordCount());
        // The limit is the body's, not the events': a body just under it passes.
        var (under, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.JsonArray(events[..3])));
        Assert.Equal(HttpStatusCode.Accepted, under.StatusCode);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-ndjson")]
    public async Task Post_MoreEventsThanTheLimit_413AndNothingProduced(string contentType)
    {
        await using var server = await StartAsync(o => o.With(maxEventsPerRequest: 5));
        var events = TestEvents.Batch("kate", 6);
        var text = contentType == "application/json" ? TestEvents.JsonArray(events) : TestEvents.Ndjson(events);

        var (response, body) = await server.SendAsync(IngestTestServer.Post(text, contentType));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("too_many_events", body.GetProperty("error").GetString());
        Assert.Equal(0, server.RecordCount());
        var (atLimit, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.JsonArray(events[..5])));
        Assert.Equal(HttpStatusCode.Accepted, atLimit.StatusCode);
    }

    private async Task<IngestTestServer> StartAsync(Func<Web.Ingest.IngestOptions, Web.Ingest.IngestOptions>? configure = null) =>
        await IngestTestServer.StartAsync(kafka.Target.Settings, await kafka.CreateTopicAsync(), configure);
}
