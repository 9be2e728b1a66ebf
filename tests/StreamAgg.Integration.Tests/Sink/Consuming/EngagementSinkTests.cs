using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Writing;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.TestRows;

namespace StreamAgg.Integration.Tests.Sink.Consuming;

[Collection(SinkCollection.Name)]
public sealed class EngagementSinkTests(PostgresFixture postgres, KafkaFixture kafka)
{
    [Fact]
    public async Task RunAsync_CommittedRows_StoresTheNewestVersionOfEachKey()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new EngagementTopic(kafka, await kafka.CreateTopicAsync("engagement", partitions: 3));
        var keys = Enumerable.Range(0, 40).Select(i => ($"user-{i % 8}", $"video-{i / 8}")).ToArray();
        topic.SendRows(keys.Select(k => Row(k.Item1, k.Item2, version: 1, maxPosition: 50, completions: 0)));
        topic.SendRows(keys.Select(k => Row(k.Item1, k.Item2, version: 2, maxPosition: 300)));

        var sink = Sink(database, topic.Name);
        await using (var run = new SinkRun(sink))
            await UntilStoredAsync(database, run, "SELECT count(*) = 40 AND min(version) = 2 FROM engagement");

        var stored = await StoredRows.ReadAllAsync(database.DataSource);
        Assert.Equal(keys.Select(k => k.Item1 + "/" + k.Item2).Order(StringComparer.Ordinal), stored.Select(r => r.UserId + "/" + r.VideoId));
        StoredRows.AssertSame(Row("user-3", "video-2", version: 2, maxPosition: 300), stored.Single(r => r is { UserId: "user-3", VideoId: "video-2" }));
        Assert.Equal(80, sink.Statistics.MessagesStored);
    }

    [Fact]
    public async Task RunAsync_RowsOfAnAbortedTransaction_NeverReachPostgres()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new EngagementTopic(kafka, await kafka.CreateTopicAsync("engagement", partitions: 1));
        topic.SendRows([Row("before", "v1", version: 1)]);
        topic.SendRows([Row("aborted", "v1", version: 1), Row("before", "v1", version: 9)], commit: false);
        topic.SendRows([Row("after", "v1", version: 1)]);

        var sink = Sink(database, topic.Name);
        await using (var run = new SinkRun(sink))
            await UntilStoredAsync(database, run, "SELECT count(*) = 1 FROM engagement WHERE user_id = 'after'");

        var stored = await StoredRows.ReadAllAsync(database.DataSource);
        Assert.Equal(["after", "before"], stored.Select(r => r.UserId));
        Assert.Equal(1L, stored.Single(r => r.UserId == "before").Version);
        var config = sink.ConsumerConfig();
        Assert.Equal(Confluent.Kafka.IsolationLevel.ReadCommitted, config.IsolationLevel);
        Assert.False(config.EnableAutoCommit);
    }

    [Fact]
    public async Task RunAsync_RestartedWithAFreshGroup_ResumesFromTheOffsetsInPostgres()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new EngagementTopic(kafka, await kafka.CreateTopicAsync("engagement", partitions: 2));
        var first = Enumerable.Range(0, 10).Select(i => Row($"first-{i}", "v1")).ToArray();
        topic.SendRows(first);
        await using (var run = new SinkRun(Sink(database, topic.Name)))
            await UntilStoredAsync(database, run, "SELECT count(*) = 10 FROM engagement");
        // If the next sink read the topic from the start, these rows would come back.
        await database.ScalarAsync<int>("DELETE FROM engagement WHERE user_id LIKE 'first-%' RETURNING 1");

        var second = Enumerable.Range(0, 5).Select(i => Row($"second-{i}", "v1")).ToArray();
        topic.SendRows(second);
        var restarted = Sink(database, topic.Name); // a fresh group id: Kafka knows no offsets for it
        await using (var run = new SinkRun(restarted))
            await UntilStoredAsync(database, run, "SELECT count(*) = 5 FROM engagement WHERE user_id LIKE 'second-%'");

        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM engagement WHERE user_id LIKE 'first-%'"));
        Assert.Equal(second.Length, restarted.Statistics.MessagesStored);
    }

    [Fact]
    public async Task RunAsync_UnreadableMessages_AreDeadLetteredAndTheRestStored()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new EngagementTopic(kafka, await kafka.CreateTopicAsync("engagement", partitions: 1));
        topic.Send(
        [
            (EngagementTopic.Key("u", "v"), "{\"userId\": \"u\""u8.ToArray()),
            ("not a key"u8.ToArray(), null),
            (EngagementTopic.Key("u", "v"), EngagementTopic.Json(Row("u", "v"))),
        ]);

        var sink = Sink(database, topic.Name);
        await using (var run = new SinkRun(sink))
            await UntilStoredAsync(database, run, "SELECT count(*) = 1 FROM engagement");

        Assert.Equal(2L, await database.ScalarAsync<long>(
            "SELECT count(*) FROM sink_dead_letters WHERE reason = 'sink_unreadable' AND \"offset\" IN (0, 1)"));
        Assert.Equal("{\"userId\": \"u\"", await database.ScalarAsync<string>(
            "SELECT convert_from(message, 'UTF8') FROM sink_dead_letters WHERE \"offset\" = 0"));
        Assert.Equal(2, sink.Statistics.DeadLetters);
    }

    [Fact]
    public async Task RunAsync_RowPostgresRefuses_IsDeadLetteredAloneAndItsBatchStored()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new EngagementTopic(kafka, await kafka.CreateTopicAsync("engagement", partitions: 1));
        // PostgreSQL text cannot hold a NUL character; JSON can.
        topic.SendRows([Row("a", "v1"), Row("b", "v1", title: "bad\0title"), Row("c", "v1")]);

        // Exactly the three messages make a batch: full before its (long) delay runs out.
        var sink = Sink(database, topic.Name, maxBatchRows: 3, maxBatchDelay: TimeSpan.FromMinutes(5));
        await using (var run = new SinkRun(sink))
            await UntilStoredAsync(database, run, "SELECT (SELECT count(*) FROM sink_dead_letters) = 1 AND (SELECT count(*) FROM engagement) = 2");

        Assert.Equal(["a", "c"], (await StoredRows.ReadAllAsync(database.DataSource)).Select(r => r.UserId));
        Assert.Equal("sink_rejected", await database.ScalarAsync<string>("SELECT reason FROM sink_dead_letters WHERE \"offset\" = 1"));
        Assert.Contains("\"userId\":\"b\"", await database.ScalarAsync<string>("SELECT convert_from(message, 'UTF8') FROM sink_dead_letters"), StringComparison.Ordinal);
        // The refused batch of three was stored as three one-message transactions.
        Assert.Equal((3L, 1L), (sink.Statistics.BatchesStored, sink.Statistics.DeadLetters));
    }

    [Fact]
    public async Task RunAsync_Tombstone_DeletesTheRow()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new EngagementTopic(kafka, await kafka.CreateTopicAsync("engagement", partitions: 1));
        topic.SendRows([Row("gone", "v1"), Row("kept", "v1")]);
        topic.Send([(EngagementTopic.Key("gone", "v1"), null)]);
        topic.SendRows([Row("last", "v1")]);

        await using (var run = new SinkRun(Sink(database, topic.Name)))
            await UntilStoredAsync(database, run, "SELECT count(*) = 1 FROM engagement WHERE user_id = 'last'");

        Assert.Equal(["kept", "last"], (await StoredRows.ReadAllAsync(database.DataSource)).Select(r => r.UserId));
    }

    [Fact]
    public async Task RunAsync_PostgresFailsForAWhile_RetriesAndStoresEverythingOnce()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new EngagementTopic(kafka, await kafka.CreateTopicAsync("engagement", partitions: 1));
        topic.SendRows([Row("early", "v1")]);
        var sink = Sink(database, topic.Name);
        await using (var run = new SinkRun(sink))
        {
            await UntilStoredAsync(database, run, "SELECT count(*) = 1 FROM engagement");
            await database.ScalarAsync<int>("ALTER TABLE engagement RENAME TO engagement_away; SELECT 1");
            topic.SendRows(Enumerable.Range(0, 20).Select(i => Row($"late-{i}", "v1")));
            await Eventually.HoldsAsync(() => sink.Statistics.WriteFailures >= 2, "the sink retried a failed write");
            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM sink_offsets WHERE next_offset > 2"));
            await database.ScalarAsync<int>("ALTER TABLE engagement_away RENAME TO engagement; SELECT 1");
            await UntilStoredAsync(database, run, "SELECT count(*) = 21 FROM engagement");
        }

        Assert.Equal(21, sink.Statistics.MessagesStored);
        Assert.Equal(21L, await database.ScalarAsync<long>("SELECT count(DISTINCT user_id) FROM engagement"));
    }

    [Fact]
    public async Task RunAsync_NoMoreRowsArrive_StoresTheBatchOnceIdleLongBeforeItsDelay()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new EngagementTopic(kafka, await kafka.CreateTopicAsync("engagement", partitions: 2));
        topic.SendRows(Enumerable.Range(0, 12).Select(i => Row($"idle-{i}", "v1")));

        // Neither full (1,000 rows) nor old enough (an hour): only the idle limit can store it.
        var sink = Sink(database, topic.Name, maxBatchRows: 1_000, maxBatchDelay: TimeSpan.FromHours(1));
        await using (var run = new SinkRun(sink))
            await UntilStoredAsync(database, run, "SELECT count(*) = 12 FROM engagement");

        Assert.Equal(12, sink.Statistics.MessagesStored);
    }

    private EngagementSink Sink(SinkDatabase database, string topic, int maxBatchRows = 7, TimeSpan? maxBatchDelay = null) => new(
        kafka.Settings,
        database.DataSource,
        new EngagementSinkOptions
        {
            Topic = topic,
            GroupId = KafkaFixture.UniqueName("sink-test"),
            MaxBatchRows = maxBatchRows,
            MaxBatchDelay = maxBatchDelay ?? TimeSpan.FromMilliseconds(50),
            RetryInitialDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        });

    private static Task UntilStoredAsync(SinkDatabase database, SinkRun run, string condition) =>
        Eventually.HoldsAsync(async () => run.Faulted || await database.ScalarAsync<bool>(condition), condition);
}
