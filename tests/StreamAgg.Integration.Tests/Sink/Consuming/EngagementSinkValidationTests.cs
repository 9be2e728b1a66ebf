using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Observability;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.TestRows;

namespace StreamAgg.Integration.Tests.Sink.Consuming;

[Collection(SinkCollection.Name)]
public sealed class EngagementSinkValidationTests(PostgresFixture postgres, KafkaFixture kafka)
{
    [Fact]
    public async Task RunAsync_RowsWithValuesTheProcessorNeverWrites_AreDeadLetteredLoggedCountedAndTheRestStored()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new EngagementTopic(kafka, await kafka.CreateTopicAsync("engagement", partitions: 1));
        var year1 = new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        topic.SendRows(
        [
            Row("a", "v") with { Version = -5 },
            Row("b", "v") with { Version = 0 },
            Row("", "v"),
            Row("c", "v") with { TotalWatchTime = -1 },
            Row("d", "v") with { MaxPositionReached = 1e9 },
            Row("e", "v") with { EngagementScore = 150 },
            Row("f", "v") with { SessionCount = -2 },
            Row("g", "v") with { FirstEventAtMs = year1 },
            Row("h", "v") with { EngagementTier = "Legendary" },
            Row("ok", "v", version: 3),
        ]);
        var logs = new FakeLogCollector();
        using var metrics = new SinkMetrics();
        using var deadLettered = new MetricCollector<long>(metrics.Meter, "streamagg.sink.dead_lettered");
        var sink = new EngagementSink(kafka.Settings, database.DataSource, new EngagementSinkOptions
        {
            Topic = topic.Name,
            GroupId = KafkaFixture.UniqueName("sink-validation"),
            MaxBatchDelay = TimeSpan.FromMilliseconds(50),
        }, new FakeLogger<EngagementSink>(logs), metrics: metrics);

        await using (var run = new SinkRun(sink))
            await Eventually.HoldsAsync(async () => run.Faulted || await database.ScalarAsync<long>("SELECT count(*) FROM sink_offsets WHERE next_offset = 10") == 1, "every message stored");

        Assert.Equal("ok:3", await database.ScalarAsync<string>("SELECT string_agg(user_id || ':' || version, ',') FROM engagement"));
        Assert.Equal(9L, await database.ScalarAsync<long>("SELECT count(*) FROM sink_dead_letters WHERE reason = 'sink_invalid'"));
        Assert.Equal(
            "version is -5; the processor numbers a key's rows from 1.",
            await database.ScalarAsync<string>("SELECT detail FROM sink_dead_letters WHERE \"offset\" = 0"));
        Assert.Equal(9, sink.Statistics.DeadLetters);
        Assert.Equal(9, deadLettered.GetMeasurementSnapshot().EvaluateAsCounter());
        var warnings = logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.Contains("sink_invalid", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, warnings.Count);
        Assert.Contains(warnings, w => w.Message.EndsWith("@0 goes to sink_dead_letters (sink_invalid): version is -5; the processor numbers a key's rows from 1.", StringComparison.Ordinal));
    }
}
