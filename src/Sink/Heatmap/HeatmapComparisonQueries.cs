using Npgsql;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Reads what <see cref="HeatmapTypicalRetention"/> and <see cref="HeatmapMomentFinder"/> need:
/// a video's length, and the retention curves of the other videos of its length bucket. The
/// similar videos' curves come from their precomputed standard window (one row each in
/// <c>heatmap_window</c>, <see cref="HeatmapComparisonOptions.Window"/>), not from the sketches:
/// the typical curve reads one row per video instead of a sketch query per video.
/// </summary>
public sealed class HeatmapComparisonQueries
{
    // A video's length: the duration the engagement sink stored for it (metadata, else the events'
    // videoDuration; one index probe), else the heatmap's own extent (its last watched second + 1).
    private const string KnownDuration =
        "SELECT ceil(video_duration)::integer FROM engagement WHERE video_id = $1 AND video_duration IS NOT NULL LIMIT 1";

    // $1 the window, $2 the video compared (left out), $3 and $4 the bucket [from, until), $4 null for open-ended.
    private const string SimilarWindows =
        """
        SELECT video_id, seconds, viewers, length FROM (
            SELECT w.video_id, w.seconds, w.viewers,
                   coalesce((SELECT ceil(e.video_duration)::integer FROM engagement e
                             WHERE e.video_id = w.video_id AND e.video_duration IS NOT NULL LIMIT 1),
                            w.seconds[array_upper(w.seconds, 1)] + 1) AS length
            FROM heatmap_window w
            WHERE w.window_name = $1 AND w.video_id <> $2 AND cardinality(w.seconds) > 0
        ) AS videos
        WHERE length >= $3 AND ($4::integer IS NULL OR length < $4)
        ORDER BY video_id
        """;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the queries over the database the heatmap (and engagement) sinks write.</summary>
    public HeatmapComparisonQueries(NpgsqlDataSource dataSource) =>
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    /// <summary>
    /// Key moments and relative retention of <paramref name="answer"/> (a heatmap from
    /// <see cref="HeatmapQueries"/>). The length is <paramref name="lengthSeconds"/> when given, else
    /// the stored duration, else the last second anyone watched + 1.
    /// </summary>
    public async Task<HeatmapInsights> InsightsAsync(
        HeatmapAnswer answer,
        int? lengthSeconds = null,
        HeatmapMomentOptions? moments = null,
        HeatmapComparisonOptions? comparison = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        comparison ??= new HeatmapComparisonOptions();
        comparison.Validate();
        var length = lengthSeconds ?? await LengthAsync(answer.VideoId, answer.Seconds, ct).ConfigureAwait(false);
        var similar = await SimilarCurvesAsync(answer.VideoId, HeatmapLengthBucket.For(length), comparison, ct).ConfigureAwait(false);
        return new HeatmapInsights(
            answer.VideoId,
            answer.From,
            answer.To,
            HeatmapMomentFinder.Find(answer.Seconds, moments),
            HeatmapTypicalRetention.Compare(answer.Seconds, length, similar, comparison));
    }

    /// <summary>The typical curve of <paramref name="bucket"/> (leaving <paramref name="exceptVideoId"/> out), or null with fewer than the minimum of videos.</summary>
    public async Task<HeatmapTypicalCurve?> TypicalAsync(HeatmapLengthBucket bucket, string exceptVideoId = "", HeatmapComparisonOptions? options = null, CancellationToken ct = default)
    {
        options ??= new HeatmapComparisonOptions();
        options.Validate();
        var curves = await SimilarCurvesAsync(exceptVideoId, bucket, options, ct).ConfigureAwait(false);
        return curves.Count < options.MinVideos ? null : HeatmapTypicalRetention.Typical(bucket, curves);
    }

    /// <summary>
    /// The normalised curves (<see cref="HeatmapTypicalRetention.Normalize"/>) of every video but
    /// <paramref name="exceptVideoId"/> in <paramref name="bucket"/> whose window has enough viewers at the start.
    /// </summary>
    public async Task<IReadOnlyList<double[]>> SimilarCurvesAsync(string exceptVideoId, HeatmapLengthBucket bucket, HeatmapComparisonOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(exceptVideoId);
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(options);
        await using var command = _dataSource.CreateCommand(SimilarWindows);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = options.Window });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = exceptVideoId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = bucket.FromSeconds });
        command.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = bucket.UntilSeconds });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var curves = new List<double[]>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var seconds = reader.GetFieldValue<int[]>(1);
            var viewers = reader.GetFieldValue<double[]>(2);
            var rows = new HeatmapSecond[seconds.Length];
            for (var i = 0; i < rows.Length; i++)
                rows[i] = new HeatmapSecond(seconds[i], HeatmapSql.Viewers(viewers[i]), 0);
            if (HeatmapTypicalRetention.Normalize(rows, reader.GetInt32(3), options.MinStartViewers) is { } curve)
                curves.Add(curve);
        }
        return curves;
    }

    /// <summary>The length of <paramref name="videoId"/>: its stored duration, else the last second in <paramref name="seconds"/> + 1 (0 when empty).</summary>
    public async Task<int> LengthAsync(string videoId, IReadOnlyList<HeatmapSecond> seconds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ArgumentNullException.ThrowIfNull(seconds);
        await using var command = _dataSource.CreateCommand(KnownDuration);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = videoId });
        if (await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is int duration && duration > 0)
            return duration;
        return seconds.Count == 0 ? 0 : seconds[^1].Second + 1;
    }
}
