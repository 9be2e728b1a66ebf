using System.Globalization;
using Npgsql;

namespace StreamAgg.Dev.Postgres;

/// <summary>
/// The PostgreSQL a test run or the demo talks to: the server named by the environment variable
/// <c>STREAMAGG_POSTGRES</c> (an Npgsql connection string) when it is set, else a fresh
/// <see cref="EmbeddedPostgres"/>. On an external server every run gets its own schema, so runs
/// never collide; disposing drops those schemas (or stops the embedded server).
/// </summary>
public sealed class PostgresTarget : IAsyncDisposable
{
    /// <summary>The environment variable naming an external server.</summary>
    public const string EnvironmentVariable = "STREAMAGG_POSTGRES";

    private readonly string _baseConnectionString;
    private readonly List<string> _schemas = [];
    private readonly Lock _gate = new();
    private int _disposed;

    private PostgresTarget(string baseConnectionString, EmbeddedPostgres? embedded)
    {
        _baseConnectionString = baseConnectionString;
        Embedded = embedded;
        ConnectionString = baseConnectionString;
    }

    /// <summary>The embedded server, or null when <c>STREAMAGG_POSTGRES</c> named one.</summary>
    public EmbeddedPostgres? Embedded { get; }

    /// <summary>
    /// A connection string whose objects cannot collide with other runs: the embedded server's
    /// database, or a schema of this run (first on the search path) on an external server.
    /// </summary>
    public string ConnectionString { get; private set; }

    /// <summary>Connects to <c>STREAMAGG_POSTGRES</c> if set, else starts an embedded server; ensures the hll extension.</summary>
    public static async Task<PostgresTarget> AcquireAsync(EmbeddedPostgresOptions? options = null, CancellationToken ct = default)
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(external))
        {
            var embedded = await EmbeddedPostgres.StartAsync(options, ct).ConfigureAwait(false);
            return new PostgresTarget(embedded.ConnectionString, embedded);
        }

        return await ConnectAsync(external, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Uses the server of <paramref name="connectionString"/>: ensures the hll extension there
    /// and gives this run a schema of its own (see <see cref="ConnectionString"/>).
    /// </summary>
    public static async Task<PostgresTarget> ConnectAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await HllExtension.EnsureAsync(connectionString, ct).ConfigureAwait(false);
        var target = new PostgresTarget(connectionString, null);
        target.ConnectionString = await target.CreateIsolatedSchemaAsync("run", ct).ConfigureAwait(false);
        return target;
    }

    /// <summary>
    /// Creates a new empty schema and returns a connection string that puts it first on the
    /// search path (then <c>public</c>, where hll lives), for tests that need a clean slate.
    /// </summary>
    public async Task<string> CreateIsolatedSchemaAsync(string prefix, CancellationToken ct = default)
    {
        var schema = string.Create(CultureInfo.InvariantCulture, $"streamagg_{Sanitize(prefix)}_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..10]}");
        await using (var connection = new NpgsqlConnection(_baseConnectionString))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        lock (_gate)
            _schemas.Add(schema);
        return new NpgsqlConnectionStringBuilder(_baseConnectionString) { SearchPath = $"{schema},public" }.ConnectionString;
    }

    /// <summary>Drops this run's schemas, or stops the embedded server. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        if (Embedded is not null)
        {
            await Embedded.DisposeAsync().ConfigureAwait(false);
            return;
        }
        string[] schemas;
        lock (_gate)
            schemas = [.. _schemas];
        if (schemas.Length == 0)
            return;
        await using var connection = new NpgsqlConnection(_baseConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        foreach (var schema in schemas)
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private static string Sanitize(string prefix)
    {
        var kept = new string([.. prefix.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')]);
        return kept.Length == 0 ? "x" : kept[..Math.Min(kept.Length, 20)];
    }
}
