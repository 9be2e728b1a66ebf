using Npgsql;

namespace StreamAgg.Sink.Heatmap.Rollups;

/// <summary>
/// The fast path for any range, in two round trips: the range's day counters and built blocks
/// (which blocks are current: <see cref="HeatmapRollupPlan"/>), then the planned blocks' sequences
/// and the <c>heatmap_daily</c> rows of the days no block answers for, replayed into one running
/// union in this process. With no lag allowed the numbers are the sketch query's, bit for bit: the
/// same union of the same daily sketches, estimated the same way.
/// </summary>
/// <remarks>
/// The two round trips see two snapshots, without a transaction between them (one round trip less).
/// Every day comes from exactly one piece, and each piece read in the second is at least as new as
/// the first said, so every delta stored before the query is counted once, and one stored meanwhile
/// at most once. A planned block that vanished meanwhile (rebuilt empty, expired) makes it plan again.
/// </remarks>
internal static class HeatmapRollupQuery
{
    private const int Attempts = 3;

    private const string Horizon = "SELECT first_day FROM heatmap_rollup_horizon";

    private const string DayChanges =
        "SELECT day, changes FROM heatmap_rollup_days WHERE video_id = $1 AND day BETWEEN $2 AND $3";

    private const string BuiltBlocks =
        "SELECT level, start_day, changes_sum, built_at FROM heatmap_rollup WHERE video_id = $1 AND start_day BETWEEN $2 AND $3";

    private const string Sequences =
        """
        SELECT r.sequence FROM heatmap_rollup r
        JOIN unnest($2::smallint[], $3::date[]) AS b(level, start_day) ON r.level = b.level AND r.start_day = b.start_day
        WHERE r.video_id = $1
        """;

    /// <summary>
    /// The heatmap of the range, or null when it starts before the rollups' horizon (the daily
    /// retention: older days are only in the monthly rollup, which the sketch query reads).
    /// </summary>
    /// <remarks>
    /// With <paramref name="staleDaysBuiltSince"/>, a day's block built at or after it is served even
    /// if deltas of the day arrived since; null: never (the days' rows are read instead).
    /// </remarks>
    public static async Task<HeatmapRollupAnswer?> AnswerAsync(NpgsqlDataSource dataSource, string videoId, DateOnly from, DateOnly to, DateTimeOffset? staleDaysBuiltSince, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var dayChanges = new Dictionary<DateOnly, long>();
            var built = new Dictionary<HeatmapRollupBlock, (long, DateTimeOffset)>();
            await using (var batch = new NpgsqlBatch(connection))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(Horizon));
                batch.BatchCommands.Add(Ranged(DayChanges, videoId, from, to));
                batch.BatchCommands.Add(Ranged(BuiltBlocks, videoId, from, to));
                await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                if (await reader.ReadAsync(ct).ConfigureAwait(false) && from < reader.GetFieldValue<DateOnly>(0))
                    return null;
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    dayChanges[reader.GetFieldValue<DateOnly>(0)] = reader.GetInt64(1);
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    built[new HeatmapRollupBlock(reader.GetInt16(0), reader.GetFieldValue<DateOnly>(1))] = (reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3));
            }

            var plan = HeatmapRollupPlan.For(from, to, dayChanges, built, staleDaysBuiltSince);
            var sequences = new List<byte[]>(plan.Blocks.Count + plan.Days.Count);
            if (plan.Blocks.Count > 0)
            {
                await using var command = new NpgsqlCommand(Sequences, connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
                command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. plan.Blocks.Select(b => (short)b.Level)] });
                command.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. plan.Blocks.Select(b => b.Start)] });
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    sequences.Add(reader.GetFieldValue<byte[]>(0));
            }
            if (sequences.Count < plan.Blocks.Count)
            {
                if (attempt == Attempts)
                    return null;
                continue;
            }
            sequences.AddRange((await HeatmapDailySequence.ReadAsync(connection, videoId, plan.Days, ct).ConfigureAwait(false)).Values);

            var seconds = new List<HeatmapSecond>();
            HeatmapSequences.Replay(sequences, (second, plays, union) => seconds.Add(new HeatmapSecond(second, HeatmapSql.Viewers(union.Cardinality()), plays)));
            return new HeatmapRollupAnswer(seconds, plan.OldestStaleBuild);
        }
    }

    private static NpgsqlBatchCommand Ranged(string sql, string videoId, DateOnly from, DateOnly to)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = to });
        return command;
    }
}
