using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StreamAgg.Dev.Postgres;
using Xunit;

namespace StreamAgg.Integration.Tests.Postgres.Embedded;

public sealed class EmbeddedPostgresTests
{
    [Fact]
    public async Task StartAsync_Default_ServesTheHllExtension()
    {
        await using var server = await EmbeddedPostgres.StartAsync();

        // The golden value of SEMANTICS/HLL.md: what the heatmap's viewer hashes must equal.
        Assert.Equal(243126998722523514L, await ScalarAsync<long>(server.ConnectionString, "SELECT hll_hash_text('A')::text::bigint"));
        Assert.Equal("streamagg", await ScalarAsync<string>(server.ConnectionString, "SELECT current_database()"));
    }

    [Fact]
    public async Task DisposeAsync_RunningServer_StopsItAndRemovesTheDirectory()
    {
        var server = await EmbeddedPostgres.StartAsync();
        var postmaster = PostmasterPid(server.Directory);
        Assert.True(ProcessAlive(postmaster));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(server.Directory));
        Assert.False(ProcessAlive(postmaster));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(server.ConnectionString + ";Pooling=false", "SELECT 1"));
    }

    [Fact]
    public async Task Dispose_CalledTwiceSyncThenAsync_IsHarmless()
    {
        var server = await EmbeddedPostgres.StartAsync();

        server.Dispose();
        server.Dispose();
        await server.DisposeAsync();

        Assert.False(Directory.Exists(server.Directory));
    }

    [Fact]
    public async Task StartAsync_TwoInstances_RunSideBySideIndependently()
    {
        await using var first = await EmbeddedPostgres.StartAsync();
        await using var second = await EmbeddedPostgres.StartAsync();

        Assert.NotEqual(first.Port, second.Port);
        Assert.NotEqual(first.Directory, second.Directory);
        await ScalarAsync<int>(first.ConnectionString, "CREATE TABLE only_in_first(x int); SELECT 1");
        Assert.Equal(1L, await ScalarAsync<long>(first.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"));
        Assert.Equal(0L, await ScalarAsync<long>(second.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"));
    }

    [Fact]
    public async Task StartAsync_MissingBinaries_ThrowsTheSetupHint()
    {
        var options = new EmbeddedPostgresOptions { BinDirectory = "/nonexistent/postgresql/15/bin" };

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => EmbeddedPostgres.StartAsync(options));

        Assert.StartsWith("PostgreSQL 15 is not installed: run ./scripts/setup.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ServerRefusesToStart_ThrowsWithTheServerLogAndLeavesNothing()
    {
        using var root = new ScratchRoot();
        var options = new EmbeddedPostgresOptions
        {
            TempRoot = root.Path,
            ServerSettings = new Dictionary<string, string> { ["shared_buffers"] = "'not-a-size'" },
        };

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => EmbeddedPostgres.StartAsync(options));

        Assert.Contains("server log tail", error.Message, StringComparison.Ordinal);
        Assert.Contains("shared_buffers", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(root.Path));
    }

    [Fact]
    public async Task StartAsync_ClusterOfADeadProcessLeftBehind_StopsItAndRemovesIt()
    {
        using var root = new ScratchRoot();
        var options = new EmbeddedPostgresOptions { TempRoot = root.Path };
        var orphan = await EmbeddedPostgres.StartAsync(options);
        // Pretend its owner was killed: give the directory the name it would have had under a dead pid.
        var stalePath = Path.Combine(root.Path, $"streamagg-pg-{DeadPid()}-stale");
        Directory.Move(orphan.Directory, stalePath);
        var orphanPostmaster = PostmasterPid(stalePath);
        Assert.True(ProcessAlive(orphanPostmaster));

        await using var next = await EmbeddedPostgres.StartAsync(options);

        Assert.False(Directory.Exists(stalePath));
        Assert.False(ProcessAlive(orphanPostmaster));
        Assert.Equal(1, await ScalarAsync<int>(next.ConnectionString, "SELECT 1"));
        await orphan.DisposeAsync(); // nothing left to stop or delete: must not throw
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static int PostmasterPid(string clusterDirectory) =>
        int.Parse(File.ReadLines(Path.Combine(clusterDirectory, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    private static bool ProcessAlive(int pid)
    {
        // A zombie still has /proc/<pid>; its state letter is Z. The postmaster is not our child,
        // so it is reaped by init and simply disappears.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
            return false;
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
