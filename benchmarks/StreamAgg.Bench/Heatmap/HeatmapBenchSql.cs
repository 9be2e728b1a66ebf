using System.Globalization;
using Npgsql;

namespace StreamAgg.Bench.Heatmap;

/// <summary>The plain SQL the heatmap bench runs beside the sink's own queries: its baselines and its table statistics.</summary>
internal static class HeatmapBenchSql
{
    /// <summary>Runs a per-second baseline over the bench video's whole range; returns the same summary as the sink's queries.</summary>
    public static async Task<string> RowsAsync(NpgsqlDataSource dataSource, string sql, DateOnly lastDay)
    {
        await using var command = dataSource.CreateCommand(sql + " ORDER BY second");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Audience.VideoId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = Audience.FirstDay });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = lastDay });
        await using var reader = await command.ExecuteReaderAsync();
        var (count, first, firstPlays) = (0, 0.0, 0L);
        while (await reader.ReadAsync())
        {
            if (count++ == 0)
                (first, firstPlays) = (Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
        }
        return string.Create(CultureInfo.InvariantCulture, $"[{count} seconds, second 0: {Math.Round(first, MidpointRounding.AwayFromZero)} viewers, {firstPlays} plays]");
    }

    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<string> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
