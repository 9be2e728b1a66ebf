using System.Net;

namespace StreamAgg.Web.Tests.Ingest;

public sealed class WriteKeysTests(IngestKafkaFixture kafka) : IClassFixture<IngestKafkaFixture>
{
    [Fact]
    public async Task Post_WithoutWriteKey_401AndNothingProduced()
    {
        await using var server = await StartAsync();

        var (response, body) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("lena", 0), key: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing_write_key", body.GetProperty("error").GetString());
        Assert.Equal(0, server.RecordCount());
    }

    [Theory]
    [InlineData("write-key-of-news-012345678")]
    [InlineData("write-key-of-news-0123456789x")]
    [InlineData("WRITE-KEY-OF-NEWS-0123456789")]
    [InlineData("news")]
    public async Task Post_WithWrongWriteKey_403AndNothingProduced(string key)
    {
        await using var server = await StartAsync();

        var (inHeader, body) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("lena", 0), key: key));
        var (inQuery, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("lena", 0), "text/plain", key: null, path: $"/v1/events?key={Uri.EscapeDataString(key)}"));

        Assert.Equal(HttpStatusCode.Forbidden, inHeader.StatusCode);
        Assert.Equal("invalid_write_key", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, inQuery.StatusCode);
        Assert.Equal(0, server.RecordCount());
    }

    [Fact]
    public async Task Post_WithAnotherSitesKey_RecordsCarryThatSite()
    {
        await using var server = await StartAsync();

        var (response, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("mike", 0), key: IngestTestServer.OtherKey));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var record = Assert.Single(server.ReadAll());
        Assert.Equal(IngestTestServer.OtherSite, System.Text.Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(Wire.MessageHeaders.IngestSite)));
    }

    [Fact]
    public void Find_KeysSharedBySites_Refused() =>
        Assert.Throws<ArgumentException>(() => new Web.Ingest.WriteKeys(new Dictionary<string, string> { ["a"] = "same-key-0123456789", ["b"] = "same-key-0123456789" }));

    private async Task<IngestTestServer> StartAsync() =>
        await IngestTestServer.StartAsync(kafka.Target.Settings, await kafka.CreateTopicAsync());
}
