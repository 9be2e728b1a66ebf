using StreamAgg.Dev.Postgres;
using Xunit;

namespace StreamAgg.Integration.Tests.Postgres;

/// <summary>
/// One PostgreSQL per test collection: the server of <c>STREAMAGG_POSTGRES</c> when set, else an
/// embedded throwaway cluster. Tests that write should take a clean schema with
/// <see cref="CreateIsolatedSchemaAsync"/> so they never see each other's rows.
/// Use it with <c>[Collection(PostgresCollection.Name)]</c>, or as an <c>ICollectionFixture</c> of your own collection.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresTarget? _target;

    /// <summary>The target (embedded or external).</summary>
    public PostgresTarget Target => _target ?? throw new InvalidOperationException("The fixture has not been initialised.");

    /// <summary>A connection string to a database (or run schema) with the hll extension available.</summary>
    public string ConnectionString => Target.ConnectionString;

    /// <summary>A connection string whose search path starts with a new, empty schema.</summary>
    public Task<string> CreateIsolatedSchemaAsync(string prefix = "test") => Target.CreateIsolatedSchemaAsync(prefix);

    public async Task InitializeAsync() => _target = await PostgresTarget.AcquireAsync();

    public async Task DisposeAsync()
    {
        if (_target is not null)
            await _target.DisposeAsync();
    }
}
