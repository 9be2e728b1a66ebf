using Npgsql;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// Reads a <see cref="VideoPage"/>: the heatmap through <see cref="HeatmapQueries"/> (a standard
/// window answers from one precomputed row; any other range from the rollups, or the sketches before them), the retention curve
/// and drop-offs from it (<see cref="HeatmapAnalysis"/>), and the audience from the engagement rows
/// of the video (one statement over the <c>engagement_video_id</c> index), and the key moments and
/// typical-retention comparison from the same heatmap (<see cref="HeatmapComparisonQueries"/>: one
/// row per similar video from its precomputed window).
/// </summary>
internal sealed class VideoPageQuery(NpgsqlDataSource dataSource, HeatmapQueries heatmap, HeatmapComparisonQueries comparisons, TimeProvider time)
{
    // Title and duration from one row: the newest that knows the duration, preferring one with a
    // title too (one top-1 sort; ordered array_aggs sorted every row twice and cost more than the
    // rest). And whether the video exists at all: engagement rows or heatmap rows.
    private const string VideoSql =
        """
        SELECT e.video_title, e.video_duration, e.video_id IS NOT NULL OR EXISTS (SELECT 1 FROM heatmap_videos WHERE video_id = $1)
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
            SELECT video_id, video_title, video_duration FROM engagement WHERE video_id = $1
            ORDER BY video_duration IS NULL, video_title IS NULL, last_event_at DESC
            LIMIT 1
        ) AS e ON true
        """;

    // Per engagement tier, the rows active in [$2, $3): first event before the range's end, last
    // event at or after its start (a GROUP BY of 5 groups costs less than 14 filtered aggregates).
    private const string AudienceSql =
        """
        SELECT engagement_tier,
               count(*),
               count(*) FILTER (WHERE active_session),
               sum(watch_percentage), count(watch_percentage),
               sum(completion_percentage), count(completion_percentage),
               count(video_duration),
               count(*) FILTER (WHERE completion_percentage >= 25),
               count(*) FILTER (WHERE completion_percentage >= 50),
               count(*) FILTER (WHERE completion_percentage >= 75),
               count(*) FILTER (WHERE video_duration IS NOT NULL AND completion_count > 0)
        FROM engagement
        WHERE video_id = $1 AND first_event_at < $3 AND last_event_at >= $2
        GROUP BY engagement_tier
        """;

    // The thresholds of the heatmap command's defaults (docs/heatmap.md), so the page and the command agree.
    private static readonly HeatmapMomentOptions MomentOptions = new();
    private static readonly HeatmapComparisonOptions ComparisonOptions = new();

    /// <summary>The page of <paramref name="videoId"/> over <paramref name="range"/>.</summary>
    /// <exception cref="ApiProblem">404: no engagement row and no heatmap row has this video.</exception>
    public async Task<VideoPage> LoadAsync(string videoId, DayRange range, int dropoffs, int dropoffSpan, CancellationToken ct)
    {
        var answer = range.Window is { } window
            ? await heatmap.WindowAsync(videoId, window, ct).ConfigureAwait(false)
            : await heatmap.AnswerAsync(videoId, range.From, range.To, ct).ConfigureAwait(false);

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(VideoSql) { Parameters = { new NpgsqlParameter<string> { TypedValue = videoId } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(AudienceSql)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = videoId },
                new NpgsqlParameter<DateTime> { TypedValue = StartOf(answer.From) },
                new NpgsqlParameter<DateTime> { TypedValue = StartOf(answer.To.AddDays(1)) },
            },
        });
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        if (!reader.GetBoolean(2))
            throw ApiProblem.NotFound($"No video '{videoId}': no viewer has watched it yet.");
        var title = reader.IsDBNull(0) ? null : reader.GetString(0);
        double? duration = reader.IsDBNull(1) ? null : reader.GetDouble(1);
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        var audience = new AudienceSums();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            audience.Add(reader);
        await reader.DisposeAsync().ConfigureAwait(false);

        int? length = duration is > 0 ? (int)Math.Ceiling(duration.Value) : null;
        var insights = await comparisons.InsightsAsync(answer, length, MomentOptions, ComparisonOptions, ct).ConfigureAwait(false);

        var seconds = answer.Seconds;
        var secondNumbers = new int[seconds.Count];
        var viewers = new long[seconds.Count];
        var plays = new long[seconds.Count];
        for (var i = 0; i < seconds.Count; i++)
            (secondNumbers[i], viewers[i], plays[i]) = (seconds[i].Second, seconds[i].Viewers, seconds[i].Plays);

        var retention = HeatmapAnalysis.RetentionCurve(seconds);
        return new VideoPage(
            videoId,
            title,
            duration,
            new VideoPageRange(
                answer.From,
                answer.To,
                range.Window?.Name,
                answer.Source switch
                {
                    HeatmapAnswerSource.Window => "window",
                    HeatmapAnswerSource.Rollups => "rollups",
                    _ => "sketches",
                },
                answer.RefreshedAt,
                answer.Current),
            new VideoHeatmap(secondNumbers, viewers, plays),
            new VideoRetention([.. retention.Select(p => p.Second)], [.. retention.Select(p => Math.Round(100 * p.Share, 2))]),
            [.. HeatmapAnalysis.LargestDropoffs(seconds, dropoffs, dropoffSpan)
                .Select(d => new VideoDropoff(d.FromSecond, d.ToSecond, d.ViewersBefore, d.ViewersAfter, d.Lost, Math.Round(100 * d.ShareOfStart, 2)))],
            VideoInsightsMapping.From(insights, MomentOptions, ComparisonOptions),
            audience.ToAudience(),
            time.GetUtcNow());
    }

    internal static DateTime StartOf(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    internal static double? Percent(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : Math.Round(reader.GetDouble(column), 2);
}
