using Npgsql;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Schema;

namespace StreamAgg.Integration.Tests.Sink;

/// <summary>A fresh schema on the shared server with the sink's migrations applied.</summary>
internal sealed class SinkDatabase : IAsyncDisposable
{
    private SinkDatabase(string connectionString, NpgsqlDataSource dataSource)
    {
        ConnectionString = connectionString;
        DataSource = dataSource;
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    public static async Task<SinkDatabase> CreateAsync(PostgresFixture postgres)
    {
        var connectionString = await postgres.CreateIsolatedSchemaAsync("sink");
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await EngagementSchema.ApplyAsync(dataSource);
        return new SinkDatabase(connectionString, dataSource);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
