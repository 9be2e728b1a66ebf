using System.Diagnostics;
using System.Net;
using System.Text;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Clients;

namespace StreamAgg.Web.Tests.Ingest;

/// <summary>
/// Kafka slow or down: ingest answers 503 with Retry-After instead of holding requests, and an
/// event it answered 202 for is in Kafka. Each test has a cluster of its own, since it takes the
/// brokers down.
/// </summary>
public sealed class IngestProducerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Post_KafkaDown_503WithRetryAfterNothingAccepted_ThenTheRetryIsAcceptedOnce()
    {
        await using var cluster = KafkaTarget.StartEmbedded(StreamAgg.Kafka.Topics.TopicCatalog.Load(), brokerCount: 1);
        await cluster.CreateTopicAsync("ingest-down", 2);
        await using var server = await IngestTestServer.StartAsync(cluster.Settings, "ingest-down", o => o.With(produceTimeout: TimeSpan.FromSeconds(1)));
        var before = TestEvents.Batch("rosa", 3);
        var during = TestEvents.Batch("sam", 4);
        var (up, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.JsonArray(before)));
        Assert.Equal(HttpStatusCode.Accepted, up.StatusCode);

        cluster.EmbeddedCluster!.SetBrokerDown(EmbeddedKafkaCluster.AllBrokers);
        var (down, body) = await server.SendAsync(IngestTestServer.Post(TestEvents.JsonArray(during)));
        cluster.EmbeddedCluster.SetBrokerUp(EmbeddedKafkaCluster.AllBrokers);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("kafka_unavailable", body.GetProperty("error").GetString());
        Assert.Equal(0, body.GetProperty("accepted").GetInt32());
        Assert.Equal(4, body.GetProperty("notAccepted").GetInt32());
        Assert.True(down.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(0, server.Producer.InFlight);

        // What a client does with a 503: the whole request again, until it is accepted.
        var retry = await PostUntilAcceptedAsync(server, TestEvents.JsonArray(during));
        Assert.Equal(4, retry.GetProperty("accepted").GetInt32());
        var values = server.ReadAll().Select(r => Encoding.UTF8.GetString(r.Message.Value)).ToList();
        // Every event answered 202 is there exactly once; the 503's never reached the brokers.
        Assert.Equal(before.Concat(during).Order(), values.Order());
    }

    [Fact]
    public async Task Post_KafkaSlowerThanTheProduceTimeout_503_ThenTheRetryIsAcceptedAndNothingLost()
    {
        await using var cluster = KafkaTarget.StartEmbedded(StreamAgg.Kafka.Topics.TopicCatalog.Load(), brokerCount: 1);
        await cluster.CreateTopicAsync("ingest-slow-acks", 2);
        await using var server = await IngestTestServer.StartAsync(cluster.Settings, "ingest-slow-acks", o => o.With(produceTimeout: TimeSpan.FromSeconds(1)));
        // The first produce also fetches metadata and the idempotent producer's id: on a busy
        // machine that can take longer than the 1 s timeout, so warm up as a client would, retrying.
        await PostUntilAcceptedAsync(server, TestEvents.Valid("walt", 0));
        var events = TestEvents.Batch("xena", 4);

        // Every answer of the broker now takes 3 s: longer than an event may wait.
        cluster.EmbeddedCluster!.SetRtt(EmbeddedKafkaCluster.AllBrokers, 3000);
        var (slow, body) = await server.SendAsync(IngestTestServer.Post(TestEvents.JsonArray(events)));
        cluster.EmbeddedCluster.SetRtt(EmbeddedKafkaCluster.AllBrokers, 0);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, slow.StatusCode);
        Assert.Equal(4, body.GetProperty("notAccepted").GetInt32());
        Assert.NotNull(slow.Headers.RetryAfter);
        var retry = await PostUntilAcceptedAsync(server, TestEvents.JsonArray(events));
        Assert.Equal(4, retry.GetProperty("accepted").GetInt32());
        // The slow attempt may have reached the log after all (it was only not acknowledged in
        // time): every event is there at least once, and the processor drops the copies by eventId.
        var values = server.ReadAll().Select(r => Encoding.UTF8.GetString(r.Message.Value)).ToList();
        Assert.All(events, e => Assert.Contains(e, values));
        Assert.Equal(events.Length + 1, values.Distinct().Count());
    }

    [Fact]
    public async Task Post_TooManyEventsAwaitingKafka_503AtOnce()
    {
        await using var cluster = KafkaTarget.StartEmbedded(StreamAgg.Kafka.Topics.TopicCatalog.Load(), brokerCount: 1);
        await cluster.CreateTopicAsync("ingest-slow", 1);
        await using var server = await IngestTestServer.StartAsync(
            cluster.Settings,
            "ingest-slow",
            o => o.With(maxEventsPerRequest: 5, maxInFlightEvents: 5, produceTimeout: TimeSpan.FromSeconds(30)));
        var (warm, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("tom", 0)));
        Assert.Equal(HttpStatusCode.Accepted, warm.StatusCode);

        cluster.EmbeddedCluster!.SetBrokerDown(EmbeddedKafkaCluster.AllBrokers);
        var waiting = server.SendAsync(IngestTestServer.Post(TestEvents.JsonArray(TestEvents.Batch("uma", 5))));
        await WaitUntilAsync(() => server.Producer.InFlight == 5);
        var (refused, body) = await server.SendAsync(IngestTestServer.Post(TestEvents.Valid("vera", 0)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("kafka_unavailable", body.GetProperty("error").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.False(waiting.IsCompleted);

        // The held request completes once Kafka is back, within its produce timeout: accepted.
        cluster.EmbeddedCluster.SetBrokerUp(EmbeddedKafkaCluster.AllBrokers);
        var (held, heldBody) = await waiting;
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        Assert.Equal(5, heldBody.GetProperty("accepted").GetInt32());
        Assert.Equal(6, server.RecordCount());
    }

    private static async Task<System.Text.Json.JsonElement> PostUntilAcceptedAsync(IngestTestServer server, string body)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (response, json) = await server.SendAsync(IngestTestServer.Post(body));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return json;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(clock.Elapsed < Patience, "Kafka never accepted the retried request");
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, "the condition never held");
            await Task.Delay(10);
        }
    }
}
