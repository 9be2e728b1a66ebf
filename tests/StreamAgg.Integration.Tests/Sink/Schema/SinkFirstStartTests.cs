using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Integration.Tests.Sink.Consuming;
using StreamAgg.Integration.Tests.Sink.Heatmap;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Schema;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.Heatmap.TestDeltas;

namespace StreamAgg.Integration.Tests.Sink.Schema;

[Collection(SinkCollection.Name)]
public sealed class SinkFirstStartTests(PostgresFixture postgres, KafkaFixture kafka)
{
    [Fact]
    public async Task RunAsync_BothSinksOnAnEmptyDatabase_CreateTheTablesBeforeAnyBackgroundJobAndLogNoError()
    {
        // A schema with no table at all, as on a first start: no migration applied beforehand.
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateIsolatedSchemaAsync("first-start"));
        using var heatmapTopic = new HeatmapTopic(kafka, await kafka.CreateTopicAsync("heatmap", partitions: 1));
        using var engagementTopic = new EngagementTopic(kafka, await kafka.CreateTopicAsync("engagement", partitions: 1));
        heatmapTopic.Send([Watched("v", new DateOnly(2026, 11, 20), Users("a", 3), 0, 2)]);
        engagementTopic.SendRows([TestRows.Row("u", "v")]);
        var logs = new FakeLogCollector();
        // Background rounds every 50 ms, so they run, and run again, while the sinks start.
        var often = TimeSpan.FromMilliseconds(50);
        var heatmap = new HeatmapSink(kafka.Settings, dataSource, new HeatmapSinkOptions
        {
            Topic = heatmapTopic.Name,
            GroupId = KafkaFixture.UniqueName("first-start-heatmap"),
            MaxBatchDelay = often,
            WindowRefresh = new HeatmapWindowOptions { RefreshInterval = often },
            MonthlyFold = new HeatmapFoldOptions { Interval = often },
        }, new FakeLogger<HeatmapSink>(logs));
        var engagement = new EngagementSink(kafka.Settings, dataSource, new EngagementSinkOptions
        {
            Topic = engagementTopic.Name,
            GroupId = KafkaFixture.UniqueName("first-start-engagement"),
            MaxBatchDelay = often,
        }, new FakeLogger<EngagementSink>(logs));

        await using (var heatmapRun = new SinkRun(heatmap))
        await using (var engagementRun = new SinkRun(engagement))
        {
            await Eventually.HoldsAsync(
                () => heatmapRun.Faulted || engagementRun.Faulted
                    || (heatmap.Windows.VideosRefreshed >= 1 && heatmap.MonthFolder.MonthsFolded >= 1 && engagement.Statistics.MessagesStored == 1),
                "the delta merged, refreshed and folded, and the row stored");
        }

        var troubles = logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error || r.Exception is not null).ToList();
        Assert.True(troubles.Count == 0, string.Join("\n", troubles.Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception}")));
        Assert.Equal(0, heatmap.Windows.Failures);
        Assert.Equal(0, heatmap.MonthFolder.Failures);
        await using var latest = dataSource.CreateCommand("SELECT max(version) FROM schema_migrations");
        Assert.Equal(EngagementSchema.LatestVersion, (int)(await latest.ExecuteScalarAsync())!);
        await using var tables = dataSource.CreateCommand(
            "SELECT count(*) FROM unnest(ARRAY['engagement', 'sink_offsets', 'sink_dead_letters', 'heatmap_daily', 'heatmap_monthly', 'heatmap_videos', 'heatmap_window', 'heatmap_unfolded_months']) AS t(name) WHERE to_regclass(t.name) IS NOT NULL");
        Assert.Equal(8L, (long)(await tables.ExecuteScalarAsync())!);
    }
}
