using Npgsql;

namespace StreamAgg.Sink.Reports;

/// <summary>
/// The analysts' reports over the sink's tables (the views of migration 0004), as typed rows:
/// what <c>streamagg report top-videos|power-users|dropoff</c> prints.
/// </summary>
public sealed class EngagementReports
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the reports over the database (and search path) of <paramref name="dataSource"/>.</summary>
    public EngagementReports(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <summary>Videos by unique viewers, most watched first (ties by video id).</summary>
    public Task<IReadOnlyList<TopVideoReportRow>> TopVideosAsync(int limit = 20, CancellationToken ct = default) =>
        QueryAsync(
            """
            SELECT video_id, video_title, unique_viewers, avg_watch_percentage, avg_completion_percentage,
                   completions, viewers_completed, total_watch_time
            FROM report_top_videos
            ORDER BY unique_viewers DESC, video_id
            LIMIT $1
            """,
            limit,
            r => new TopVideoReportRow(
                r.GetString(0),
                r.IsDBNull(1) ? null : r.GetString(1),
                r.GetInt64(2),
                r.IsDBNull(3) ? null : r.GetDouble(3),
                r.IsDBNull(4) ? null : r.GetDouble(4),
                r.GetInt64(5),
                r.GetInt64(6),
                r.GetDouble(7)),
            ct);

    /// <summary>Viewers with High-tier engagements, most High-tier videos first (then watch time, then user id).</summary>
    public Task<IReadOnlyList<PowerUserReportRow>> PowerUsersAsync(int limit = 20, CancellationToken ct = default) =>
        QueryAsync(
            """
            SELECT user_id, high_tier_videos, videos_watched, avg_high_tier_score, total_watch_time, completions
            FROM report_power_users
            ORDER BY high_tier_videos DESC, total_watch_time DESC, user_id
            LIMIT $1
            """,
            limit,
            r => new PowerUserReportRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetDouble(3), r.GetDouble(4), r.GetInt64(5)),
            ct);

    /// <summary>Drop-off buckets per video (ordered by video, then bucket); one video only when <paramref name="videoId"/> is given.</summary>
    public async Task<IReadOnlyList<DropoffReportRow>> DropoffAsync(string? videoId = null, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT video_id, bucket_start_seconds, viewers
            FROM report_dropoff
            WHERE $1::text IS NULL OR video_id = $1
            ORDER BY video_id, bucket_start_seconds
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)videoId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return await ReadAllAsync(command, r => new DropoffReportRow(r.GetString(0), r.GetInt32(1), r.GetInt64(2)), ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, int limit, Func<NpgsqlDataReader, T> map, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAllAsync(command, map, ct).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(map(reader));
        return rows;
    }
}
