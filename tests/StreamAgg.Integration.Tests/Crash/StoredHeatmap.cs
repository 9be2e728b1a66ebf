using System.Globalization;
using Npgsql;
using StreamAgg.Hll;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>Reads <c>heatmap_daily</c> back as heatmap CSV lines (SEMANTICS.md §8), the form batch writes.</summary>
internal static class StoredHeatmap
{
    public static async Task<List<string>> ReadLinesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT video_id, day, second, viewers::text, plays FROM heatmap_daily");
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            var viewers = HllSketch.FromHex(reader.GetString(3)).Cardinality();
            lines.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{reader.GetString(0)},{reader.GetFieldValue<DateOnly>(1):yyyy-MM-dd},{reader.GetInt32(2)},{(long)Math.Round(viewers, MidpointRounding.AwayFromZero)},{reader.GetInt64(4)}"));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
