using Npgsql;
using StreamAgg.Web.Dashboard.Live;

namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// Reads the <see cref="Overview"/>: the top videos and viewers watching now from the engagement
/// rows, the sink's dead letters from <c>sink_dead_letters</c>, and what <see cref="KafkaActivity"/>
/// last read from Kafka (the ingest rate, the processor's dead letters).
/// </summary>
internal sealed class OverviewQuery(NpgsqlDataSource dataSource, KafkaActivity kafka, TimeProvider time)
{
    // A viewer belongs to the range when their row's first and last events bracket any part of it.
    // Titles and durations (the newest known) only for the videos listed.
    private const string TopVideosSql =
        """
        SELECT t.video_id,
               (SELECT video_title FROM engagement e WHERE e.video_id = t.video_id AND video_title IS NOT NULL ORDER BY last_event_at DESC LIMIT 1),
               (SELECT video_duration FROM engagement e WHERE e.video_id = t.video_id AND video_duration IS NOT NULL ORDER BY last_event_at DESC LIMIT 1),
               t.viewers, t.avg_watch, t.avg_completion, t.watching
        FROM (
            SELECT video_id, count(*) AS viewers, avg(watch_percentage) AS avg_watch, avg(completion_percentage) AS avg_completion,
                   count(*) FILTER (WHERE active_session) AS watching
            FROM engagement
            WHERE first_event_at < $2 AND last_event_at >= $1
            GROUP BY video_id
            ORDER BY viewers DESC, video_id
            LIMIT $3
        ) AS t
        ORDER BY t.viewers DESC, t.video_id
        """;

    private const string WatchingNowSql = "SELECT count(*) FROM engagement WHERE active_session";

    private const string SinkDeadLettersSql =
        """
        SELECT reason, count(*) FROM sink_dead_letters
        WHERE recorded_at >= $1 AND recorded_at < $2
        GROUP BY reason ORDER BY count(*) DESC, reason
        """;

    public async Task<Overview> LoadAsync(DayRange range, int limit, CancellationToken ct)
    {
        var start = VideoPageQuery.StartOf(range.From);
        var end = VideoPageQuery.StartOf(range.To.AddDays(1));
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);

        var top = new List<TopVideo>();
        await using (var command = new NpgsqlCommand(TopVideosSql, connection))
        {
            AddRange(command, start, end);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                top.Add(new TopVideo(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetDouble(2),
                    reader.GetInt64(3),
                    VideoPageQuery.Percent(reader, 4),
                    VideoPageQuery.Percent(reader, 5),
                    reader.GetInt64(6)));
            }
        }

        long watchingNow;
        await using (var command = new NpgsqlCommand(WatchingNowSql, connection))
            watchingNow = (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;

        var deadLetters = new List<DeadLetterCount>();
        foreach (var (reason, count) in kafka.DeadLetters.Between(range.From, range.To))
            deadLetters.Add(new DeadLetterCount("processor", reason, count));
        await using (var command = new NpgsqlCommand(SinkDeadLettersSql, connection))
        {
            AddRange(command, start, end);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                deadLetters.Add(new DeadLetterCount("sink", reader.GetString(0), reader.GetInt64(1)));
        }

        return new Overview(range.From, range.To, range.Window?.Name, kafka.IngestRate.Read(), watchingNow, top, deadLetters, time.GetUtcNow());
    }

    private static void AddRange(NpgsqlCommand command, DateTime start, DateTime end)
    {
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = start });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = end });
    }
}
