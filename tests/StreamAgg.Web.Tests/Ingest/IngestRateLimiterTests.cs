using System.Net;
using StreamAgg.Web.Ingest;

namespace StreamAgg.Web.Tests.Ingest;

public sealed class IngestRateLimiterTests(IngestKafkaFixture kafka) : IClassFixture<IngestKafkaFixture>
{
    // A burst of two, then one request an hour: the bucket does not refill while a test runs.
    private static readonly IngestRateLimit Tight = new(RequestsPerSecond: 1.0 / 3600, Burst: 2);

    [Fact]
    public async Task Post_OverTheAddressLimit_429WithRetryAfterAndNothingProduced()
    {
        await using var server = await StartAsync(perKey: null, perAddress: Tight);
        var events = TestEvents.Batch("paul", 3);

        var (first, _) = await server.SendAsync(IngestTestServer.Post(events[0]));
        var (second, _) = await server.SendAsync(IngestTestServer.Post(events[1], key: IngestTestServer.OtherKey));
        // The address's budget counts before the key is checked: guessing keys is throttled too.
        var (third, body) = await server.SendAsync(IngestTestServer.Post(events[2], key: "a-guess-at-a-write-key"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("rate_limited", body.GetProperty("error").GetString());
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(30), $"Retry-After: {third.Headers.RetryAfter}");
        Assert.Equal(2, server.RecordCount());
    }

    [Fact]
    public async Task Post_OverTheKeyLimit_429ForThatKeyOnly()
    {
        await using var server = await StartAsync(perKey: Tight, perAddress: null);
        var events = TestEvents.Batch("quinn", 4);

        var (first, _) = await server.SendAsync(IngestTestServer.Post(events[0]));
        var (second, _) = await server.SendAsync(IngestTestServer.Post(events[1]));
        var (third, _) = await server.SendAsync(IngestTestServer.Post(events[2]));
        var (otherSite, _) = await server.SendAsync(IngestTestServer.Post(events[3], key: IngestTestServer.OtherKey));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, otherSite.StatusCode);
        Assert.Equal(3, server.RecordCount());
    }

    private async Task<IngestTestServer> StartAsync(IngestRateLimit? perKey, IngestRateLimit? perAddress) =>
        await IngestTestServer.StartAsync(kafka.Target.Settings, await kafka.CreateTopicAsync(), o => o.WithRates(perKey, perAddress));
}
