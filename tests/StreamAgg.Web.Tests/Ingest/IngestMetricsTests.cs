using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using StreamAgg.Web.Ingest;

namespace StreamAgg.Web.Tests.Ingest;

/// <summary>
/// The StreamAgg.Ingest meter of a real server producing to the embedded Kafka: each answer is
/// counted by status code before the client has it, and each event by what became of it.
/// </summary>
public sealed class IngestMetricsTests(IngestKafkaFixture kafka) : IClassFixture<IngestKafkaFixture>
{
    [Fact]
    public async Task Post_AcceptedAndRejectedEvents_CountedByOutcomeAndReason()
    {
        await using var server = await StartAsync();
        using var recorded = new RecordedMeasurements(server);
        string[] events =
        [
            TestEvents.Valid("alice", 1),
            """{"videoId":"v1","eventName":"video_play","timestamp":"2026-12-06T06:00:00Z","currentTime":0}""",
            TestEvents.Valid("bob", 2),
            """{"userId":"u","videoId":"v1","eventName":"video_jump","timestamp":"2026-12-06T06:00:00Z","currentTime":0}""",
        ];

        var (response, _) = await server.SendAsync(IngestTestServer.Post(TestEvents.JsonArray(events)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, recorded.Sum("streamagg.ingest.requests", "http.response.status_code", 202));
        Assert.Equal(2, recorded.Sum("streamagg.ingest.events.accepted"));
        Assert.Equal(1, recorded.Sum("streamagg.ingest.events.rejected", "reason", "missing_field"));
        Assert.Equal(1, recorded.Sum("streamagg.ingest.events.rejected", "reason", "unknown_event"));
        Assert.Equal(0, recorded.Sum("streamagg.ingest.events.not_accepted"));
        Assert.Equal(1, recorded.Count("streamagg.ingest.produce.duration"));
        Assert.Equal(0, recorded.Observe("streamagg.ingest.events.in_flight"));
    }

    [Fact]
    public async Task Post_MissingKeyAndRateLimited_CountedByStatusNothingAccepted()
    {
        await using var server = await StartAsync(o => o.WithRates(perKey: new IngestRateLimit(0.001, 1), perAddress: null));
        using var recorded = new RecordedMeasurements(server);
        var batch = TestEvents.JsonArray(TestEvents.Batch("carol", 2));

        var (missing, _) = await server.SendAsync(IngestTestServer.Post(batch, key: null));
        var (first, _) = await server.SendAsync(IngestTestServer.Post(batch));
        var (second, _) = await server.SendAsync(IngestTestServer.Post(batch));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(1, recorded.Sum("streamagg.ingest.requests", "http.response.status_code", 401));
        Assert.Equal(1, recorded.Sum("streamagg.ingest.requests", "http.response.status_code", 202));
        Assert.Equal(1, recorded.Sum("streamagg.ingest.requests", "http.response.status_code", 429));
        Assert.Equal(3, recorded.Sum("streamagg.ingest.requests"));
        // Only the request that got through counts its events.
        Assert.Equal(2, recorded.Sum("streamagg.ingest.events.accepted"));
        Assert.Equal(0, recorded.Sum("streamagg.ingest.events.rejected"));
    }

    private async Task<IngestTestServer> StartAsync(Func<IngestOptions, IngestOptions>? configure = null) =>
        await IngestTestServer.StartAsync(kafka.Target.Settings, await kafka.CreateTopicAsync(), configure);

    /// <summary>What the instruments of one server's meter recorded (other servers' meters share its name, not the instance).</summary>
    private sealed class RecordedMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public RecordedMeasurements(IngestTestServer server)
        {
            var meter = ((IngestMetrics)server.Server.Services.GetService(typeof(IngestMetrics))!).Meter;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => _measurements.Enqueue((i.Name, value, tags.ToArray())));
            _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => _measurements.Enqueue((i.Name, value, tags.ToArray())));
            _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => _measurements.Enqueue((i.Name, value, tags.ToArray())));
            _listener.Start();
        }

        public double Sum(string name, string? tag = null, object? value = null) =>
            Matching(name, tag, value).Sum(m => m.Value);

        public int Count(string name) => Matching(name, null, null).Count();

        /// <summary>Reads an observable instrument now.</summary>
        public double Observe(string name)
        {
            _listener.RecordObservableInstruments();
            return Matching(name, null, null).Last().Value;
        }

        public void Dispose() => _listener.Dispose();

        private IEnumerable<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string name, string? tag, object? value) =>
            _measurements.Where(m => m.Name == name && (tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value, value))));
    }
}
