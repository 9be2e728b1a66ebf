using Npgsql;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Integration.Tests.Sink.Heatmap;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Schema;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Schema;

/// <summary>Migration 0009 (heatmap_daily partitioned by day) on an empty database and on one the previous sink wrote.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HeatmapPartitionMigrationTests(PostgresFixture postgres)
{
    // Every stored value of every daily row, in key order: what the migration must carry over unchanged.
    private const string DailyRows =
        """
        SELECT coalesce(string_agg(video_id || '|' || day || '|' || second || '|' || viewers::text || '|' || plays || '|' || coalesce(unfolded_plays::text, '-'), E'\n'
                                   ORDER BY video_id COLLATE "C", day, second), '')
        FROM heatmap_daily
        """;

    [Fact]
    public async Task ApplyAsync_DatabaseWithUnpartitionedRows_KeepsEveryRowAndAnswer()
    {
        var connectionString = await postgres.CreateIsolatedSchemaAsync("part");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await ApplyBeforeAsync(dataSource, 9);
        // What the sink before 0009 left: three days over two months, January folded (NULL), a late
        // delta to January 6 and all of February unfolded, a second video, and the monthly rollup.
        await ExecuteAsync(dataSource,
            """
            INSERT INTO heatmap_daily (video_id, day, second, viewers, plays, unfolded_plays)
            SELECT v, d, s, hll_add_agg(hll_hash_text(v || u), 14, 5), 10 + s, CASE WHEN d >= '2026-01-06' THEN 10 + s END
            FROM (VALUES ('v', '2026-01-05'::date, 0), ('v', '2026-01-06', 5), ('v', '2026-02-01', 3), ('w', '2026-01-06', 0)) AS x(v, d, first),
                 generate_series(0, 2) AS s, generate_series(first, first + 1500) AS u
            GROUP BY v, d, s;
            INSERT INTO heatmap_monthly (video_id, month, second, viewers, plays)
            SELECT video_id, '2026-01-01', second, hll_union_agg(viewers), sum(plays) FROM heatmap_daily WHERE day = '2026-01-05' GROUP BY video_id, second;
            INSERT INTO heatmap_unfolded_months (video_id, month) VALUES ('v', '2026-01-01'), ('v', '2026-02-01'), ('w', '2026-01-01');
            INSERT INTO heatmap_videos (video_id, newest_day) VALUES ('v', '2026-02-01'), ('w', '2026-01-06')
            """);
        var queries = new HeatmapQueries(dataSource);
        (DateOnly, DateOnly)[] ranges = [(new(2026, 1, 1), new(2026, 1, 31)), (new(2026, 1, 1), new(2026, 2, 28)), (new(2026, 1, 6), new(2026, 2, 1)), (new(2026, 1, 5), new(2026, 1, 5))];
        var rowsBefore = await ScalarAsync<string>(dataSource, DailyRows);
        var answersBefore = await AnswersAsync(queries, ranges);

        var applied = await EngagementSchema.ApplyAsync(dataSource);

        Assert.Contains(9, applied);
        Assert.Equal("p", await ScalarAsync<string>(dataSource, "SELECT relkind::text FROM pg_class WHERE oid = 'heatmap_daily'::regclass"));
        Assert.Equal([new(2026, 1, 5), new(2026, 1, 6), new DateOnly(2026, 2, 1)], await new HeatmapDailyPartitions(dataSource).DaysAsync());
        Assert.Equal(rowsBefore, await ScalarAsync<string>(dataSource, DailyRows));
        Assert.Equal(answersBefore, await AnswersAsync(queries, ranges));
        Assert.Null(await ScalarAsync<object?>(dataSource, "SELECT to_regclass('heatmap_daily_unpartitioned')::text"));
        // The sink goes on: a fold and a new delta, on a day that has no partition yet.
        await new HeatmapMonthFolder(dataSource).FoldAsync();
        var batch = new HeatmapBatch();
        batch.AddDelta(TestDeltas.Watched("z", new DateOnly(2026, 2, 2), ["x"], 0, 1));
        await new HeatmapWriter(dataSource).WriteAsync(batch);
        Assert.Equal(answersBefore, await AnswersAsync(queries, ranges));
        Assert.Equal(0L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM heatmap_daily WHERE day < '2026-02-02' AND unfolded_plays IS NOT NULL"));
        Assert.Equal(1L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM heatmap_daily_20260202"));
    }

    [Fact]
    public async Task ApplyAsync_EmptyDatabase_CreatesAPartitionedTableWithoutPartitions()
    {
        var connectionString = await postgres.CreateIsolatedSchemaAsync("part");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var applied = await EngagementSchema.ApplyAsync(dataSource);

        Assert.Equal(EngagementSchema.LatestVersion, applied[^1]);
        Assert.Equal("p", await ScalarAsync<string>(dataSource, "SELECT relkind::text FROM pg_class WHERE oid = 'heatmap_daily'::regclass"));
        Assert.Empty(await new HeatmapDailyPartitions(dataSource).DaysAsync());
        Assert.Equal(0L, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM heatmap_daily"));
    }

    private static async Task<List<IReadOnlyList<HeatmapSecond>>> AnswersAsync(HeatmapQueries queries, (DateOnly From, DateOnly To)[] ranges)
    {
        var answers = new List<IReadOnlyList<HeatmapSecond>>();
        foreach (var (from, to) in ranges)
        {
            answers.Add(await queries.SecondsAsync("v", from, to));
            answers.Add(await queries.SecondsAsync("w", from, to));
        }
        return answers;
    }

    /// <summary>The migrations before <paramref name="version"/>, recorded as <see cref="EngagementSchema.ApplyAsync"/> records them.</summary>
    private static async Task ApplyBeforeAsync(NpgsqlDataSource dataSource, int version)
    {
        await ExecuteAsync(dataSource, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in SchemaMigration.LoadAll().Where(m => m.Version < version))
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

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return (T)(value is DBNull ? null : value)!;
    }
}
