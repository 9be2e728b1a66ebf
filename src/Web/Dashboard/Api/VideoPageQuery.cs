using Npgsql;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// Reads a <see cref="VideoPage"/>: the heatmap through <see cref="HeatmapQueries"/> (a standard
/// window answers from one precomputed row; any other range from the sketches), the retention curve
/// and drop-offs from it (<see cref="HeatmapAnalysis"/>), and the audience from the engagement rows
/// of the video (one statement over the <c>engagement_video_id</c> index).
/// </summary>
internal sealed class VideoPageQuery(NpgsqlDataSource dataSource, HeatmapQueries heatmap, TimeProvider time)
{
    // Title and duration over all the video's rows (the newest known), the rest over the rows
    // active in [$2, $3): first event before the range's end, last event at or after its start.
    private const string AudienceSql =
        """
        SELECT (array_agg(video_title ORDER BY last_event_at DESC) FILTER (WHERE video_title IS NOT NULL))[1],
               (array_agg(video_duration ORDER BY last_event_at DESC) FILTER (WHERE video_duration IS NOT NULL))[1],
               count(*) > 0 OR EXISTS (SELECT 1 FROM heatmap_videos WHERE video_id = $1),
               count(*) FILTER (WHERE r),
               count(*) FILTER (WHERE r AND active_session),
               avg(watch_percentage) FILTER (WHERE r),
               avg(completion_percentage) FILTER (WHERE r),
               count(*) FILTER (WHERE r AND engagement_tier = 'High'),
               count(*) FILTER (WHERE r AND engagement_tier = 'Medium'),
               count(*) FILTER (WHERE r AND engagement_tier = 'Low'),
               count(*) FILTER (WHERE r AND engagement_tier = 'Minimal'),
               count(*) FILTER (WHERE r AND engagement_tier = 'Unknown'),
               count(*) FILTER (WHERE r AND video_duration IS NOT NULL),
               count(*) FILTER (WHERE r AND completion_percentage >= 25),
               count(*) FILTER (WHERE r AND completion_percentage >= 50),
               count(*) FILTER (WHERE r AND completion_percentage >= 75),
               count(*) FILTER (WHERE r AND video_duration IS NOT NULL AND completion_count > 0)
        FROM (SELECT *, first_event_at < $3 AND last_event_at >= $2 AS r FROM engagement WHERE video_id = $1) AS rows
        """;

    /// <summary>The page of <paramref name="videoId"/> over <paramref name="range"/>.</summary>
    /// <exception cref="ApiProblem">404: no engagement row and no heatmap row has this video.</exception>
    public async Task<VideoPage> LoadAsync(string videoId, DayRange range, int dropoffs, int dropoffSpan, CancellationToken ct)
    {
        var answer = range.Window is { } window
            ? await heatmap.WindowAsync(videoId, window, ct).ConfigureAwait(false)
            : await heatmap.AnswerAsync(videoId, range.From, range.To, ct).ConfigureAwait(false);

        await using var command = dataSource.CreateCommand(AudienceSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = StartOf(answer.From) });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = StartOf(answer.To.AddDays(1)) });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        if (!reader.GetBoolean(2))
            throw ApiProblem.NotFound($"No video '{videoId}': no viewer has watched it yet.");

        var seconds = answer.Seconds;
        var secondNumbers = new int[seconds.Count];
        var viewers = new long[seconds.Count];
        var plays = new long[seconds.Count];
        for (var i = 0; i < seconds.Count; i++)
            (secondNumbers[i], viewers[i], plays[i]) = (seconds[i].Second, seconds[i].Viewers, seconds[i].Plays);

        var retention = HeatmapAnalysis.RetentionCurve(seconds);
        return new VideoPage(
            videoId,
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetDouble(1),
            new VideoPageRange(
                answer.From,
                answer.To,
                range.Window?.Name,
                answer.Source == HeatmapAnswerSource.Window ? "window" : "sketches",
                answer.RefreshedAt,
                answer.Current),
            new VideoHeatmap(secondNumbers, viewers, plays),
            new VideoRetention([.. retention.Select(p => p.Second)], [.. retention.Select(p => Math.Round(100 * p.Share, 2))]),
            [.. HeatmapAnalysis.LargestDropoffs(seconds, dropoffs, dropoffSpan)
                .Select(d => new VideoDropoff(d.FromSecond, d.ToSecond, d.ViewersBefore, d.ViewersAfter, d.Lost, Math.Round(100 * d.ShareOfStart, 2)))],
            new VideoAudience(
                reader.GetInt64(3),
                reader.GetInt64(4),
                Percent(reader, 5),
                Percent(reader, 6),
                new EngagementTiers(reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11)),
                new CompletionFunnel(reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14), reader.GetInt64(15), reader.GetInt64(16))),
            time.GetUtcNow());
    }

    internal static DateTime StartOf(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    internal static double? Percent(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : Math.Round(reader.GetDouble(column), 2);
}
