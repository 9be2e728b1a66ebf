using Npgsql;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Integration.Tests.Sink.Heatmap;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Heatmap.Rollups;
using StreamAgg.Sink.Schema;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Schema;

/// <summary>Migration 0008 on a database the sink before it wrote: its days become due, and once built the rollups answer as the sketch query does.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HeatmapRollupMigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ApplyAsync_DatabaseWithDailyRows_MarksEveryDayAndTheRollupsAnswerLikeTheSketches()
    {
        var connectionString = await postgres.CreateIsolatedSchemaAsync("rollup");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ExecuteAsync(dataSource, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in SchemaMigration.LoadAll().Where(m => m.Version <= 7))
        {
            await ExecuteAsync(dataSource, migration.Sql);
            await using var record = dataSource.CreateCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)");
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            await record.ExecuteNonQueryAsync();
        }
        await ExecuteAsync(dataSource,
            """
            INSERT INTO heatmap_daily (video_id, day, second, viewers, plays, unfolded_plays)
            SELECT 'v', '2026-01-01'::date + d, s, hll_add_agg(hll_hash_text('u' || (u + d * 300)), 14, 5), count(*), count(*)
            FROM generate_series(0, 4) AS d, generate_series(0, 2) AS s, generate_series(1, 1000) AS u GROUP BY d, s
            """);

        await EngagementSchema.ApplyAsync(dataSource);
        var due = await ScalarAsync(dataSource, "SELECT count(*) FROM heatmap_rollup_days WHERE changes <> rolled_changes");
        await new HeatmapRollupBuilder(dataSource, time: new FixedClock(new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero))).BuildAsync();
        var queries = new HeatmapQueries(dataSource);

        Assert.Equal(5L, due);
        Assert.Equal(0L, await ScalarAsync(dataSource, "SELECT count(*) FROM heatmap_rollup_days WHERE changes <> rolled_changes"));
        for (var last = 0; last < 5; last++)
        {
            DateOnly from = new(2026, 1, 1), to = from.AddDays(last);
            Assert.Equal(await queries.SecondsAsync("v", from, to), await queries.RollupSecondsAsync("v", from, to));
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
