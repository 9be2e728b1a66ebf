using Npgsql;
using StreamAgg.Hll;

namespace StreamAgg.Sink.Heatmap.Rollups;

/// <summary>
/// A day's <c>heatmap_daily</c> rows of one video as a sketch sequence: the level-0 block, and what
/// the query reads for a day whose block is not current (today, while deltas arrive).
/// </summary>
internal static class HeatmapDailySequence
{
    // hll_send: the sketch's bytes as bytea (postgresql-hll has no cast from hll to bytea).
    public const string Select =
        "SELECT day, second, hll_send(viewers), plays FROM heatmap_daily WHERE video_id = $1 AND day = ANY($2) ORDER BY day, second";

    /// <summary>Reads the rows of <paramref name="days"/> and returns one sequence per day that has rows.</summary>
    public static async Task<Dictionary<DateOnly, byte[]>> ReadAsync(NpgsqlConnection connection, string videoId, IReadOnlyCollection<DateOnly> days, CancellationToken ct)
    {
        var sequences = new Dictionary<DateOnly, byte[]>();
        if (days.Count == 0)
            return sequences;
        await using var command = new NpgsqlCommand(Select, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. days] });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var writer = new HllSequenceWriter(HllSettings.Default);
        DateOnly? current = null;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var day = reader.GetFieldValue<DateOnly>(0);
            if (current != day)
            {
                if (current is { } done)
                    sequences[done] = writer.ToArray();
                writer.Reset();
                current = day;
            }
            writer.Append(reader.GetInt32(1), reader.GetInt64(3), HllSketch.FromBytes(reader.GetFieldValue<byte[]>(2)));
        }
        if (current is { } last)
            sequences[last] = writer.ToArray();
        return sequences;
    }
}
