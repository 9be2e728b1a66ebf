using System.Globalization;
using Npgsql;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>The stored heatmap as expected-heatmap.csv lines, read per (video, day) through <see cref="HeatmapQueries"/>.</summary>
internal static class StoredHeatmap
{
    /// <summary>
    /// Every (video, day) with daily rows, queried over that one day, as "video,day,second,viewers,plays"
    /// in ordinal order: through the sketch query, or with <paramref name="fromRollups"/> through the fast path.
    /// </summary>
    public static async Task<List<string>> LinesAsync(NpgsqlDataSource dataSource, bool fromRollups = false)
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
            var seconds = fromRollups ? (await queries.RollupSecondsAsync(videoId, day, day))! : await queries.SecondsAsync(videoId, day, day);
            foreach (var second in seconds)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{videoId},{day:yyyy-MM-dd},{second.Second},{second.Viewers},{second.Plays}"));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Per video, its whole range of days (first to last with rows) through the fast path and through the sketch query, as lines.</summary>
    public static async Task<(List<string> Rollups, List<string> Sketches)> WholeRangesAsync(NpgsqlDataSource dataSource)
    {
        var ranges = new List<(string VideoId, DateOnly From, DateOnly To)>();
        await using (var command = dataSource.CreateCommand("SELECT video_id, min(day), max(day) FROM heatmap_daily GROUP BY video_id"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                ranges.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2)));
        }

        var queries = new HeatmapQueries(dataSource);
        List<string> rollups = [], sketches = [];
        foreach (var (videoId, from, to) in ranges)
        {
            rollups.AddRange((await queries.RollupSecondsAsync(videoId, from, to))!.Select(s => $"{videoId},{s}"));
            sketches.AddRange((await queries.SecondsAsync(videoId, from, to)).Select(s => $"{videoId},{s}"));
        }
        return (rollups, sketches);
    }

    /// <summary>The lines of a scenario's expected-heatmap.csv (header dropped) in ordinal order.</summary>
    public static List<string> Expected(string path) =>
        File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToList();
}
