using Npgsql;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Integration.Tests.Sink.Heatmap;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Schema;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Schema;

/// <summary>Migration 0007 (the monthly rollup folded in the background) on a database the previous sink wrote.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HeatmapFoldMigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ApplyAsync_DatabaseOfTheMergingSink_KeepsItsAnswersAndFoldsNewDeltas()
    {
        var connectionString = await postgres.CreateIsolatedSchemaAsync("fold");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ApplyUpToAsync(dataSource, 6);
        // What the sink before 0007 left: the month merged in the same transactions as its days.
        await ExecuteAsync(dataSource,
            """
            INSERT INTO heatmap_daily (video_id, day, second, viewers, plays)
            SELECT 'v', d, 0, hll_add_agg(hll_hash_text('a' || u), 14, 5), 10
            FROM (VALUES ('2026-01-05'::date, 0), ('2026-01-06', 5)) AS x(d, first), generate_series(first, first + 9) AS u GROUP BY d;
            INSERT INTO heatmap_monthly (video_id, month, second, viewers, plays)
            SELECT 'v', '2026-01-01', 0, hll_union_agg(viewers), sum(plays) FROM heatmap_daily;
            INSERT INTO heatmap_videos (video_id, newest_day) VALUES ('v', '2026-01-06')
            """);
        var queries = new HeatmapQueries(dataSource);
        DateOnly january = new(2026, 1, 1), endOfJanuary = new(2026, 1, 31);

        var applied = await EngagementSchema.ApplyAsync(dataSource);
        var after = await queries.SecondsAsync("v", january, endOfJanuary);
        var batch = new HeatmapBatch();
        batch.AddDelta(TestDeltas.Watched("v", new DateOnly(2026, 1, 7), ["a0", "a1", "a2", "z0"], 0, 1));
        await new HeatmapWriter(dataSource).WriteAsync(batch);
        await new HeatmapMonthFolder(dataSource).FoldAsync();

        Assert.Equal(7, applied[0]); // and the later migrations
        // a0…a9 and a5…a14: 15 viewers, 20 plays, as the monthly row said before.
        Assert.Equal([new HeatmapSecond(0, 15, 20)], after);
        Assert.Equal([new HeatmapSecond(0, 16, 24)], await queries.SecondsAsync("v", january, endOfJanuary));
        Assert.Equal(24L, await ScalarAsync(dataSource, "SELECT plays FROM heatmap_monthly"));
    }

    /// <summary>The migrations up to <paramref name="version"/>, recorded as <see cref="EngagementSchema.ApplyAsync"/> records them.</summary>
    private static async Task ApplyUpToAsync(NpgsqlDataSource dataSource, int version)
    {
        await ExecuteAsync(dataSource, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in SchemaMigration.LoadAll().Where(m => m.Version <= version))
        {
            await ExecuteAsync(dataSource, migration.Sql);
            await using var record = dataSource.CreateCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)");
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            await record.ExecuteNonQueryAsync();
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
