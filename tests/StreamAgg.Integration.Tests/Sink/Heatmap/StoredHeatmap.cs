using System.Globalization;
using Npgsql;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>The stored heatmap as expected-heatmap.csv lines, read per (video, day) through <see cref="HeatmapQueries"/>.</summary>
internal static class StoredHeatmap
{
    /// <summary>Every (video, day) with daily rows, queried over that one day, as "video,day,second,viewers,plays" in ordinal order.</summary>
    public static async Task<List<string>> LinesAsync(NpgsqlDataSource dataSource)
    {
        var days = new List<(string VideoId, DateOnly Day)>();
        await using (var command = dataSource.CreateCommand("SELECT DISTINCT video_id, day FROM heatmap_daily"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                days.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1)));
        }

        var queries = new HeatmapQueries(dataSource);
        var lines = new List<string>();
        foreach (var (videoId, day) in days)
        {
            foreach (var second in await queries.SecondsAsync(videoId, day, day))
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{videoId},{day:yyyy-MM-dd},{second.Second},{second.Viewers},{second.Plays}"));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The lines of a scenario's expected-heatmap.csv (header dropped) in ordinal order.</summary>
    public static List<string> Expected(string path) =>
        File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToList();
}
