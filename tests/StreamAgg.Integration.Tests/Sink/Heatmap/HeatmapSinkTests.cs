using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Wire;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.Heatmap.TestDeltas;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

[Collection(SinkCollection.Name)]
public sealed class HeatmapSinkTests(PostgresFixture postgres, KafkaFixture kafka)
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public async Task RunAsync_DeltasOfSeveralCommitIntervals_StoresTheAccumulatorsTotals()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new HeatmapTopic(kafka, await kafka.CreateTopicAsync("heatmap", partitions: 2));
        var accumulator = new HeatmapAccumulator(HllSettings.Default, saltSecret: null, HeatmapTracking.Both);
        var deltas = new List<HeatmapDelta>();
        for (var interval = 0; interval < 4; interval++)
        {
            // Every interval some users rewatch the start, new ones arrive, a second video and day too.
            for (var u = 0; u < 400; u++)
                accumulator.Credit("v1", Day, $"user-{u + interval * 300}", u % 5, 10 + u % 7);
            accumulator.Credit("v2", Day.AddDays(interval % 2), "solo", 0, 3.5);
            deltas.AddRange(accumulator.DrainDeltas());
        }
        topic.Send(deltas);

        var sink = Sink(database, topic.Name);
        await using (var run = new SinkRun(sink))
            await Eventually.HoldsAsync(() => run.Faulted || sink.Statistics.MessagesStored == deltas.Count, "every delta stored");

        var stored = await StoredDailyAsync(database);
        Assert.Equal(accumulator.Rows().Select(r => (r.VideoId, r.Day, r.Second, r.Viewers, r.Plays)), stored);
        Assert.Equal(deltas.Sum(d => d.Seconds.Count), sink.Statistics.SecondsMerged);
        Assert.Equal(deltas.Count, sink.Statistics.MessagesStored);
    }

    [Fact]
    public async Task RunAsync_RestartedWithAFreshGroup_DoesNotAddPlaysTwice()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        // One partition: a sink that replayed would store the old deltas before the new one.
        using var topic = new HeatmapTopic(kafka, await kafka.CreateTopicAsync("heatmap", partitions: 1));
        topic.Send([Watched("v", Day, Users("a", 10), 0, 2), Watched("v", Day.AddDays(1), Users("a", 10), 0, 2)]);
        await using (var run = new SinkRun(Sink(database, topic.Name)))
            await UntilAsync(database, run, "SELECT coalesce(sum(plays), 0) = 40 FROM heatmap_daily");

        topic.Send([Watched("v", Day, Users("b", 5), 1, 2)]);
        // A fresh group id: Kafka knows no offsets for it, so only PostgreSQL's stop a replay.
        var restarted = Sink(database, topic.Name);
        await using (var run = new SinkRun(restarted))
            await UntilAsync(database, run, "SELECT coalesce(max(plays), 0) >= 15 FROM heatmap_daily WHERE second = 1 AND day = '2026-11-20'");

        Assert.Equal("0:10:10,1:15:15", await database.ScalarAsync<string>(
            "SELECT string_agg(second || ':' || plays || ':' || hll_cardinality(viewers), ',' ORDER BY second) FROM heatmap_daily WHERE day = '2026-11-20'"));
        // Whatever the sink's folder did meanwhile, one more fold completes the month without doubling.
        await new HeatmapMonthFolder(database.DataSource).FoldAsync();
        Assert.Equal(45L, await database.ScalarAsync<long>("SELECT sum(plays)::bigint FROM heatmap_monthly"));
        Assert.Equal(1, restarted.Statistics.MessagesStored);
    }

    [Fact]
    public async Task RunAsync_UnreadableMessages_AreDeadLetteredAndTheRestStored()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new HeatmapTopic(kafka, await kafka.CreateTopicAsync("heatmap", partitions: 1));
        var foreign = new HllSketch(new HllSettings(11, 5, HllSettings.AutoExplicitThreshold, true));
        foreign.Add(HllHash.Text("x"));
        var key = HeatmapDeltaKeyCodec.Encode("v", Day);
        topic.SendRaw(
        [
            (key, "not a delta"u8.ToArray()),
            (key, null),
            (key, HeatmapDeltaCodec.ToBytes(new HeatmapDelta("v", Day, [new HeatmapSecondDelta(0, 1, foreign)]))),
            (key, HeatmapDeltaCodec.ToBytes(Watched("v", Day, Users("a", 3), 0, 1))),
        ]);

        var sink = Sink(database, topic.Name);
        await using (var run = new SinkRun(sink))
            await UntilAsync(database, run, "SELECT count(*) = 1 FROM heatmap_daily");

        Assert.Equal("0,1,2", await database.ScalarAsync<string>(
            "SELECT string_agg(\"offset\"::text, ',' ORDER BY \"offset\") FROM sink_dead_letters WHERE consumer = 'heatmap-sink' AND reason = 'sink_unreadable'"));
        Assert.Equal("not a delta", await database.ScalarAsync<string>("SELECT convert_from(message, 'UTF8') FROM sink_dead_letters WHERE \"offset\" = 0"));
        Assert.Contains("(11, 5", await database.ScalarAsync<string>("SELECT detail FROM sink_dead_letters WHERE \"offset\" = 2"), StringComparison.Ordinal);
        Assert.Equal(3L, await database.ScalarAsync<long>("SELECT plays FROM heatmap_daily"));
        Assert.Equal(3, sink.Statistics.DeadLetters);
    }

    [Fact]
    public async Task RunAsync_Deltas_StandardWindowsRefreshedBesideTheMerges()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new HeatmapTopic(kafka, await kafka.CreateTopicAsync("heatmap", partitions: 1));
        topic.Send([Watched("v", Day, Users("a", 10), 0, 2), Watched("v", Day.AddDays(-10), Users("b", 4), 0, 1)]);
        var queries = new HeatmapQueries(database.DataSource);
        HeatmapAnswer? answer = null;

        var sink = Sink(database, topic.Name, refreshInterval: TimeSpan.FromMilliseconds(50));
        await using (var run = new SinkRun(sink))
        {
            await Eventually.HoldsAsync(
                async () => run.Faulted || (answer = await queries.WindowAsync("v", new HeatmapWindow(28))) is { Source: HeatmapAnswerSource.Window, Current: true },
                "the last-28-days window refreshed with both deltas");
        }

        Assert.Equal((Day.AddDays(-27), Day), (answer!.From, answer.To));
        Assert.Equal(await queries.SecondsAsync("v", Day.AddDays(-27), Day), answer.Seconds);
        Assert.Equal([new(0, 14, 14), new HeatmapSecond(1, 10, 10)], answer.Seconds);
        Assert.True(sink.Windows.VideosRefreshed >= 1);
    }

    [Fact]
    public async Task ConsumerConfig_Default_ReadsOnlyCommittedTransactionsAndNeverAutoCommits()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);

        var config = Sink(database, "any").ConsumerConfig();

        Assert.Equal(Confluent.Kafka.IsolationLevel.ReadCommitted, config.IsolationLevel);
        Assert.False(config.EnableAutoCommit);
        Assert.False(config.EnableAutoOffsetStore);
    }

    [Fact]
    public async Task RunAsync_DailyRowsPastRetention_AreFoldedThenDeletedAndMonthlyRowsKept()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        using var topic = new HeatmapTopic(kafka, await kafka.CreateTopicAsync("heatmap", partitions: 1));
        var batch = new HeatmapBatch();
        batch.AddDelta(Watched("v", new DateOnly(2026, 8, 1), Users("a", 2), 0, 1));
        batch.AddDelta(Watched("v", new DateOnly(2026, 11, 1), Users("a", 2), 0, 1));
        await new HeatmapWriter(database.DataSource).WriteAsync(batch);
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

        // The unfolded 2026-08-01 row is deleted only after the sink's folder folded it.
        var sink = Sink(database, topic.Name, clock, backgroundInterval: TimeSpan.FromMilliseconds(50));
        await using (var run = new SinkRun(sink))
            await UntilAsync(database, run, "SELECT count(*) = 1 FROM heatmap_daily");

        Assert.Equal("2026-11-01", await database.ScalarAsync<string>("SELECT day::text FROM heatmap_daily"));
        Assert.Equal("2026-08-01:2,2026-11-01:2", await database.ScalarAsync<string>("SELECT string_agg(month || ':' || plays, ',' ORDER BY month) FROM heatmap_monthly"));
        Assert.True(sink.MonthFolder.MonthsFolded >= 2);
        Assert.Equal(1, sink.Statistics.DailyRowsExpired);
    }

    private HeatmapSink Sink(SinkDatabase database, string topic, TimeProvider? time = null, TimeSpan? refreshInterval = null, TimeSpan? backgroundInterval = null) => new(
        kafka.Settings,
        database.DataSource,
        new HeatmapSinkOptions
        {
            Topic = topic,
            GroupId = KafkaFixture.UniqueName("heatmap-sink-test"),
            MaxBatchMessages = 3,
            MaxBatchDelay = TimeSpan.FromMilliseconds(50),
            RetryInitialDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(100),
            WindowRefresh = new HeatmapWindowOptions { RefreshInterval = refreshInterval ?? TimeSpan.FromSeconds(60) },
            MonthlyFold = new HeatmapFoldOptions { Interval = backgroundInterval ?? TimeSpan.FromSeconds(60) },
            Retention = new HeatmapRetention { Interval = backgroundInterval ?? TimeSpan.FromHours(1) },
        },
        time: time ?? new FixedClock(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero)));

    internal static async Task<List<(string VideoId, DateOnly Day, int Second, long Viewers, long Plays)>> StoredDailyAsync(SinkDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT video_id, day, second, hll_cardinality(viewers), plays FROM heatmap_daily ORDER BY video_id COLLATE \"C\", day, second");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, DateOnly, int, long, long)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), (long)Math.Round(reader.GetDouble(3), MidpointRounding.AwayFromZero), reader.GetInt64(4)));
        return rows;
    }

    internal static Task UntilAsync(SinkDatabase database, SinkRun run, string condition) =>
        Eventually.HoldsAsync(async () => run.Faulted || await database.ScalarAsync<bool>(condition), condition);
}
