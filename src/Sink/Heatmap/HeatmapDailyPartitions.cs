using System.Globalization;
using Npgsql;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// The day partitions of <c>heatmap_daily</c> (migration 0009): one table
/// <c>heatmap_daily_YYYYMMDD</c> per UTC day, created ahead of the data and dropped whole once past
/// retention. The sink manages them itself rather than through pg_partman: it needs only "a
/// partition per day, made before it is written" and "drop a day only once every row of it is
/// folded into its month", and pg_partman's own retention knows nothing of the second rule, so it
/// would have to be switched off and replaced by this code anyway; nor would every server the sink
/// writes to have to carry the extension.
/// </summary>
/// <remarks>
/// A partition is never missing when a merge writes: every merge transaction first calls
/// <c>heatmap_daily_ensure_partitions</c> with its days (<see cref="Ensure"/>), which costs one
/// catalog lookup per day when they exist and creates the ones that do not. Creating a partition
/// locks <c>heatmap_daily</c> exclusively until the transaction commits, so the sink also creates
/// the coming days ahead (<see cref="CreateAheadAsync"/>) in short transactions of their own that
/// give up after <see cref="LockTimeout"/> rather than hold up the merges and queries queued behind them.
/// </remarks>
internal sealed class HeatmapDailyPartitions(NpgsqlDataSource dataSource)
{
    /// <summary>Days created ahead of today, besides today and yesterday: enough for any clock skew the processor accepts.</summary>
    public const int DaysAhead = 3;

    /// <summary>How long upkeep waits for its exclusive lock on <c>heatmap_daily</c> before leaving the day for the next round.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(1);

    private const string NamePrefix = "heatmap_daily_";

    private const string EnsureSql = "SELECT heatmap_daily_ensure_partitions($1::date[])";

    private const string List =
        """
        SELECT n.nspname, c.relname
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE i.inhparent = 'heatmap_daily'::regclass
        """;

    private static readonly string SetLockTimeout =
        string.Create(CultureInfo.InvariantCulture, $"SET LOCAL lock_timeout = {(long)LockTimeout.TotalMilliseconds}");

    /// <summary>The statement that makes sure <paramref name="days"/> have partitions, for a merge transaction (before its upsert).</summary>
    public static NpgsqlBatchCommand Ensure(IEnumerable<DateOnly> days)
    {
        var command = new NpgsqlBatchCommand(EnsureSql);
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = days.Distinct().Order().ToArray() });
        return command;
    }

    /// <summary>Creates the partitions from yesterday to <see cref="DaysAhead"/> days after <paramref name="today"/> that are missing.</summary>
    /// <returns>The number created.</returns>
    public async Task<int> CreateAheadAsync(DateOnly today, CancellationToken ct = default)
    {
        var days = Enumerable.Range(-1, DaysAhead + 2).Select(today.AddDays).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SetLockTimeout));
        batch.BatchCommands.Add(Ensure(days));
        var created = (int)(await batch.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return created;
    }

    /// <summary>The days that have a partition, ascending.</summary>
    public async Task<IReadOnlyList<DateOnly>> DaysAsync(CancellationToken ct = default) =>
        [.. (await PartitionsAsync(ct).ConfigureAwait(false)).Select(p => p.Day)];

    /// <summary>
    /// Drops the partitions of days before <paramref name="firstKept"/> whose rows are all folded
    /// into their months (no <c>unfolded_plays</c>), each in a transaction of its own: the partition is
    /// locked against writes (SHARE), checked, and dropped. A partition with an unfolded row stays
    /// whole until a later round finds it folded; one whose lock is not granted within
    /// <see cref="LockTimeout"/> waits for the next round too.
    /// </summary>
    /// <returns>The partitions dropped and the rows they held.</returns>
    public async Task<(int Partitions, long Rows)> DropExpiredAsync(DateOnly firstKept, CancellationToken ct = default)
    {
        var (dropped, rows) = (0, 0L);
        foreach (var partition in (await PartitionsAsync(ct).ConfigureAwait(false)).Where(p => p.Day < firstKept))
        {
            if (await DropIfFoldedAsync(partition.QualifiedName, ct).ConfigureAwait(false) is { } count)
            {
                dropped++;
                rows += count;
            }
        }
        return (dropped, rows);
    }

    /// <returns>The rows the partition held when dropped, or null when it was kept.</returns>
    private async Task<long?> DropIfFoldedAsync(string partition, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            // SHARE blocks writers of this day only (merges into other days and every reader go on),
            // so no unfolded row can appear between the check and the drop.
            await using (var check = new NpgsqlBatch(connection, transaction))
            {
                check.BatchCommands.Add(new NpgsqlBatchCommand(SetLockTimeout));
                check.BatchCommands.Add(new NpgsqlBatchCommand($"LOCK TABLE ONLY {partition} IN SHARE MODE"));
                check.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT count(*), count(unfolded_plays) FROM ONLY {partition}"));
                await using var reader = await check.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                var (rows, unfolded) = (reader.GetInt64(0), reader.GetInt64(1));
                await reader.CloseAsync().ConfigureAwait(false);
                if (unfolded > 0)
                    return null;
                await using var drop = new NpgsqlCommand($"DROP TABLE {partition}", connection, transaction);
                await drop.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return rows;
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.UndefinedTable)
        {
            // Busy (the next round tries again), or dropped meanwhile by another sink.
            return null;
        }
    }

    private async Task<List<DayPartition>> PartitionsAsync(CancellationToken ct)
    {
        var partitions = new List<DayPartition>();
        await using var command = dataSource.CreateCommand(List);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var (schema, name) = (reader.GetString(0), reader.GetString(1));
            // Only the sink's own partitions: a table someone attached by hand is left alone.
            if (name.StartsWith(NamePrefix, StringComparison.Ordinal)
                && DateOnly.TryParseExact(name[NamePrefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                partitions.Add(new DayPartition(day, $"{Quote(schema)}.{Quote(name)}"));
            }
        }
        partitions.Sort((a, b) => a.Day.CompareTo(b.Day));
        return partitions;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private readonly record struct DayPartition(DateOnly Day, string QualifiedName);
}
