using StreamAgg.Dev.Postgres;
using Xunit;

namespace StreamAgg.Cli.Tests;

/// <summary>
/// One PostgreSQL for a test class: the server of <c>STREAMAGG_POSTGRES</c> when set, else an
/// embedded throwaway cluster. Each test takes its own schema with <see cref="CreateIsolatedSchemaAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private PostgresTarget? _target;

    public Task<string> CreateIsolatedSchemaAsync(string prefix) =>
        (_target ?? throw new InvalidOperationException("The fixture has not been initialised.")).CreateIsolatedSchemaAsync(prefix);

    public async Task InitializeAsync() => _target = await PostgresTarget.AcquireAsync();

    public async Task DisposeAsync()
    {
        if (_target is not null)
            await _target.DisposeAsync();
    }
}
