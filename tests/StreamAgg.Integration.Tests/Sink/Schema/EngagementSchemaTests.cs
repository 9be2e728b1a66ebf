using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Schema;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink.Schema;

[Collection(PostgresCollection.Name)]
public sealed class EngagementSchemaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ApplyAsync_SecondTime_AppliesNothingAndKeepsData()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        await database.ScalarAsync<int>("INSERT INTO sink_offsets (consumer, topic, partition, next_offset) VALUES ('c', 't', 0, 7) RETURNING partition");

        var applied = await EngagementSchema.ApplyAsync(database.DataSource);

        Assert.Empty(applied);
        Assert.Equal(EngagementSchema.LatestVersion, await database.ScalarAsync<int>("SELECT max(version) FROM schema_migrations"));
        Assert.Equal(7L, await database.ScalarAsync<long>("SELECT next_offset FROM sink_offsets"));
    }

    [Fact]
    public async Task ApplyAsync_EmptySchema_CreatesTablesAndReportViewsInOrder()
    {
        var connectionString = await postgres.CreateIsolatedSchemaAsync("schema");
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);

        var applied = await EngagementSchema.ApplyAsync(dataSource);

        Assert.Equal(SchemaMigration.LoadAll().Select(m => m.Version), applied);
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname IN ('engagement', 'sink_offsets', 'sink_dead_letters', 'report_top_videos', 'report_power_users', 'report_dropoff')");
        Assert.Equal(6L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task ApplyAsync_ConcurrentStarts_ApplyEachMigrationOnce()
    {
        var connectionString = await postgres.CreateIsolatedSchemaAsync("schema");
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => EngagementSchema.ApplyAsync(dataSource)));

        Assert.Equal(SchemaMigration.LoadAll().Select(m => m.Version), results.SelectMany(r => r).Order());
    }
}
