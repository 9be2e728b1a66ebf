using System.Globalization;
using Npgsql;

namespace StreamAgg.Dev.Postgres;

/// <summary>
/// A throwaway PostgreSQL 15 cluster for tests and the embedded demo: its own temporary
/// directory, socket directory and loopback port, trust authentication, durability turned off
/// for speed, a database with the <c>hll</c> extension. Disposing stops the server and removes
/// the directory; disposal is idempotent and safe from a ProcessExit handler.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable, IDisposable
{
    private const int PortAttempts = 5;

    private readonly ClusterDirectory _cluster;
    private readonly OsCommand _asOwner;
    private readonly string _pgCtl;
    private readonly TimeSpan _timeout;
    private int _disposed;

    private EmbeddedPostgres(ClusterDirectory cluster, OsCommand asOwner, string pgCtl, TimeSpan timeout, int port, string database)
    {
        _cluster = cluster;
        _asOwner = asOwner;
        _pgCtl = pgCtl;
        _timeout = timeout;
        Port = port;
        ConnectionString = ConnectionStringFor(database);
    }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The cluster's temporary directory (data directory, socket directory and log inside).</summary>
    public string Directory => _cluster.Root;

    /// <summary>Npgsql connection string of the created database: <c>Host=127.0.0.1;Port=…;Username=postgres;Database=streamagg</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>The connection string of another database on this server.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Creates, starts and prepares a new cluster, after removing the clusters of dead processes.
    /// </summary>
    /// <exception cref="EmbeddedPostgresException">PostgreSQL or the hll extension is missing, or the server did not start (the message carries the server log's tail).</exception>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions? options = null, CancellationToken ct = default)
    {
        options ??= EmbeddedPostgresOptions.Default;
        var initdb = RequireBinary(options.BinDirectory, "initdb");
        var pgCtl = RequireBinary(options.BinDirectory, "pg_ctl");
        RequireBinary(options.BinDirectory, "postgres");

        var owner = Environment.IsPrivilegedProcess ? options.OsUser : null;
        var asOwner = new OsCommand(owner, options.TempRoot);
        StaleClusterSweep.Run(options.TempRoot, pgCtl, asOwner, options.Timeout);

        var cluster = ClusterDirectory.CreateNew(options.TempRoot);
        try
        {
            if (owner is not null)
                await GiveToOwnerAsync(cluster, owner, options, ct).ConfigureAwait(false);
            await InitDbAsync(cluster, asOwner, initdb, options, ct).ConfigureAwait(false);
            var port = await StartServerAsync(cluster, asOwner, pgCtl, options, ct).ConfigureAwait(false);
            var server = new EmbeddedPostgres(cluster, asOwner, pgCtl, options.Timeout, port, options.DatabaseName);
            await server.CreateDatabaseAsync(options, ct).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await StopAndDeleteAsync(cluster, asOwner, pgCtl, options.Timeout).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown) and removes the directory. Safe to call twice, and from ProcessExit.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        ClearOwnPools();
        if (File.Exists(_cluster.PostmasterPidFile))
            _asOwner.Run(_pgCtl, StopArguments(_cluster, _timeout), _timeout);
        _cluster.Delete();
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        ClearOwnPools();
        await StopAndDeleteAsync(_cluster, _asOwner, _pgCtl, _timeout).ConfigureAwait(false);
    }

    private void ClearOwnPools()
    {
        // Pooled connections to a stopped server are dead; drop them so no later open picks one up.
        using var own = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(own);
    }

    private static async Task StopAndDeleteAsync(ClusterDirectory cluster, OsCommand asOwner, string pgCtl, TimeSpan timeout)
    {
        if (File.Exists(cluster.PostmasterPidFile))
            await asOwner.RunAsync(pgCtl, StopArguments(cluster, timeout), timeout, CancellationToken.None).ConfigureAwait(false);
        cluster.Delete();
    }

    private static string[] StopArguments(ClusterDirectory cluster, TimeSpan timeout) =>
        ["stop", "-D", cluster.Data, "-m", "fast", "-w", "-t", Seconds(timeout)];

    private static string RequireBinary(string binDirectory, string name)
    {
        var path = Path.Combine(binDirectory, name);
        if (!File.Exists(path))
            throw new EmbeddedPostgresException($"PostgreSQL 15 is not installed: run ./scripts/setup.sh ({path} is missing).");
        return path;
    }

    private static async Task GiveToOwnerAsync(ClusterDirectory cluster, string owner, EmbeddedPostgresOptions options, CancellationToken ct)
    {
        var asRoot = new OsCommand(null, options.TempRoot);
        var result = await asRoot.RunAsync("chown", ["-R", $"{owner}:", cluster.Root], options.Timeout, ct).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new EmbeddedPostgresException($"Could not give {cluster.Root} to the user '{owner}' (the server refuses to run as root):\n{result.Output}");
    }

    private static async Task InitDbAsync(ClusterDirectory cluster, OsCommand asOwner, string initdb, EmbeddedPostgresOptions options, CancellationToken ct)
    {
        var result = await asOwner.RunAsync(
            initdb,
            ["-D", cluster.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            options.Timeout,
            ct).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new EmbeddedPostgresException($"initdb failed in {cluster.Data}:\n{result.Output}");

        // Throwaway speed: nothing here has to survive a crash.
        var settings = string.Join('\n',
            "listen_addresses = '127.0.0.1'",
            $"unix_socket_directories = '{cluster.Socket}'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "wal_level = minimal",
            "max_wal_senders = 0",
            "max_wal_size = '1GB'",
            "checkpoint_timeout = '30min'",
            "shared_buffers = '128MB'",
            "max_connections = 200",
            "logging_collector = off",
            "");
        foreach (var (name, value) in options.ServerSettings)
            settings += $"{name} = {value}\n";
        await File.AppendAllTextAsync(Path.Combine(cluster.Data, "postgresql.conf"), "\n# streamagg embedded\n" + settings, ct).ConfigureAwait(false);
    }

    private static async Task<int> StartServerAsync(ClusterDirectory cluster, OsCommand asOwner, string pgCtl, EmbeddedPostgresOptions options, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort.Pick();
            var result = await asOwner.RunAsync(
                pgCtl,
                ["start", "-D", cluster.Data, "-l", cluster.Log, "-w", "-t", Seconds(options.Timeout), "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)}"],
                options.Timeout + TimeSpan.FromSeconds(5),
                ct).ConfigureAwait(false);
            if (result.Succeeded)
                return port;

            var log = cluster.LogTail();
            var portTaken = log.Contains("could not bind", StringComparison.Ordinal) || log.Contains("Address already in use", StringComparison.Ordinal);
            if (File.Exists(cluster.PostmasterPidFile))
                asOwner.Run(pgCtl, ["stop", "-D", cluster.Data, "-m", "immediate", "-w"], options.Timeout);
            if (portTaken && attempt < PortAttempts)
                continue;
            throw new EmbeddedPostgresException($"PostgreSQL did not start (port {port}, attempt {attempt}):\n{result.Output}\n--- server log tail ({cluster.Log}) ---\n{log}");
        }
    }

    private async Task CreateDatabaseAsync(EmbeddedPostgresOptions options, CancellationToken ct)
    {
        await using (var admin = new NpgsqlConnection(ConnectionStringFor("postgres")))
        {
            await admin.OpenAsync(ct).ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{options.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", admin);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        if (options.CreateHllExtension)
            await HllExtension.EnsureAsync(ConnectionString, ct).ConfigureAwait(false);
    }

    private static string Seconds(TimeSpan timeout) => ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
