using System.Net;
using StreamAgg.Web.Ingest;

namespace StreamAgg.Web.Tests.Ingest;

/// <summary>
/// The per-address rate limit behind a reverse proxy: X-Forwarded-For names the client only when
/// the request comes from a proxy the server was told to trust (here the test itself, on loopback).
/// </summary>
public sealed class TrustedProxyTests(IngestKafkaFixture kafka) : IClassFixture<IngestKafkaFixture>
{
    [Fact]
    public async Task Post_FromTrustedProxy_LimitedPerForwardedAddress()
    {
        await using var server = await StartAsync(trusted: [IPAddress.Loopback]);

        var first = await PostAsync(server, "203.0.113.7");
        var other = await PostAsync(server, "198.51.100.20");
        var again = await PostAsync(server, "203.0.113.7");

        Assert.Equal(HttpStatusCode.Accepted, first);
        Assert.Equal(HttpStatusCode.Accepted, other);
        Assert.Equal(HttpStatusCode.TooManyRequests, again);
    }

    [Fact]
    public async Task Post_NoTrustedProxy_ForwardedForIgnored()
    {
        await using var server = await StartAsync(trusted: []);

        var first = await PostAsync(server, "203.0.113.7");
        var other = await PostAsync(server, "198.51.100.20");

        Assert.Equal(HttpStatusCode.Accepted, first);
        // A client cannot escape its limit by naming another address.
        Assert.Equal(HttpStatusCode.TooManyRequests, other);
    }

    private static async Task<HttpStatusCode> PostAsync(IngestTestServer server, string forwardedFor)
    {
        var request = IngestTestServer.Post(TestEvents.JsonArray([TestEvents.Valid("proxied", 1)]));
        // What a proxy appends: its client's address after whatever the client claimed.
        request.Headers.Add("X-Forwarded-For", $"10.9.9.9, {forwardedFor}");
        var (response, _) = await server.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<IngestTestServer> StartAsync(IReadOnlyList<IPAddress> trusted) =>
        await IngestTestServer.StartAsync(kafka.Target.Settings, await kafka.CreateTopicAsync(), o => new IngestOptions
        {
            Topic = o.Topic,
            PerKeyRateLimit = null,
            // One request per address, then a wait far longer than the test.
            PerAddressRateLimit = new IngestRateLimit(0.001, 1),
            TrustedProxies = trusted,
        });
}
