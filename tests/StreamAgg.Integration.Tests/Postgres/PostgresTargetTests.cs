using Npgsql;
using StreamAgg.Dev.Postgres;
using Xunit;

namespace StreamAgg.Integration.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresTargetTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ConnectAsync_ExternalServer_GivesTheRunItsOwnSchemaAndDropsItOnDispose()
    {
        // The fixture's server stands in for the one STREAMAGG_POSTGRES would name.
        var server = postgres.Target.Embedded?.ConnectionString ?? Environment.GetEnvironmentVariable(PostgresTarget.EnvironmentVariable)!;
        var first = await PostgresTarget.ConnectAsync(server);
        await using var second = await PostgresTarget.ConnectAsync(server);

        await ExecuteAsync(first.ConnectionString, "CREATE TABLE probe (x int); INSERT INTO probe VALUES (1)");
        await ExecuteAsync(second.ConnectionString, "CREATE TABLE probe (x int)");
        var schema = await ScalarAsync<string>(first.ConnectionString, "SELECT current_schema()");
        Assert.StartsWith("streamagg_run_", schema, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync<long>(first.ConnectionString, "SELECT count(*) FROM probe"));
        Assert.Equal(0L, await ScalarAsync<long>(second.ConnectionString, "SELECT count(*) FROM probe"));
        Assert.Equal("243126998722523514", await ScalarAsync<string>(first.ConnectionString, "SELECT hll_hash_text('A')::text"));

        await first.DisposeAsync();
        await first.DisposeAsync();

        Assert.Equal(0L, await ScalarAsync<long>(server, $"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
