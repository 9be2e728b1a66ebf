using System.Globalization;
using Npgsql;

namespace StreamAgg.Bench.Heatmap;

/// <summary>
/// CPU time (user + system) the PostgreSQL client backends have used so far, from /proc: only
/// for a server on this machine (the embedded one). Background workers (WAL writer,
/// checkpointer, autovacuum) are not counted.
/// </summary>
internal static class ServerCpu
{
    public static async Task<TimeSpan> ReadAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'");
        await using var reader = await command.ExecuteReaderAsync();
        var total = TimeSpan.Zero;
        while (await reader.ReadAsync())
            total += Of(reader.GetInt32(0));
        return total;
    }

    private static TimeSpan Of(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
            return TimeSpan.Zero;
        // Fields after the command's closing parenthesis: utime is the 12th, stime the 13th (clock ticks of 10 ms).
        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
