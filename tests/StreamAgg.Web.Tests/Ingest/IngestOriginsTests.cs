using System.Net;

namespace StreamAgg.Web.Tests.Ingest;

public sealed class IngestOriginsTests(IngestKafkaFixture kafka) : IClassFixture<IngestKafkaFixture>
{
    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task Post_FromAnOriginNotAllowed_403AndNothingProduced(string contentType)
    {
        await using var server = await StartAsync();

        // text/plain is what sendBeacon sends without a preflight: the server itself must refuse it.
        var (response, body) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("nina", 0), contentType, origin: "https://evil.example.net"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("origin_not_allowed", body.GetProperty("error").GetString());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(0, server.RecordCount());
    }

    [Fact]
    public async Task Post_FromAllowedOriginOrWithoutOrigin_Accepted()
    {
        await using var server = await StartAsync();

        var (fromPage, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("olga", 0), origin: "https://WWW.example.com"));
        var (fromServer, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("olga", 1)));
        var (sameOrigin, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("olga", 2), origin: server.Server.Address.GetLeftPart(UriPartial.Authority)));

        Assert.Equal(HttpStatusCode.Accepted, fromPage.StatusCode);
        Assert.Equal("Origin", fromPage.Headers.Vary.Single());
        Assert.Equal(HttpStatusCode.Accepted, fromServer.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, sameOrigin.StatusCode);
        Assert.Equal(3, server.RecordCount());
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_204WithCorsHeaders()
    {
        await using var server = await StartAsync();
        using var request = Preflight(IngestTestServer.AllowedOrigin);

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(IngestTestServer.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("X-StreamAgg-Key", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }

    [Theory]
    [InlineData("https://evil.example.net")]
    [InlineData("http://www.example.com")]
    [InlineData("https://www.example.com.evil.net")]
    [InlineData("null")]
    public async Task Preflight_OriginNotAllowed_403WithoutCorsHeaders(string origin)
    {
        await using var server = await StartAsync();
        using var request = Preflight(origin);

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/events");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type, x-streamagg-key");
        return request;
    }

    private async Task<IngestTestServer> StartAsync() =>
        await IngestTestServer.StartAsync(kafka.Target.Settings, await kafka.CreateTopicAsync());
}
