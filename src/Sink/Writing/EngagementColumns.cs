using Npgsql;
using NpgsqlTypes;
using StreamAgg.Core.Engagement;

namespace StreamAgg.Sink.Writing;

/// <summary>The columns of the <c>engagement</c> table that carry the row, and their binary COPY.</summary>
internal static class EngagementColumns
{
    public static readonly string[] Names =
    [
        "user_id", "video_id", "video_title", "video_duration", "total_watch_time", "unique_seconds_watched",
        "max_position_reached", "watch_percentage", "unique_watch_percentage", "completion_percentage",
        "session_count", "completion_count", "replay_count", "total_pauses", "avg_pauses_per_session",
        "total_forward_skips", "total_backward_skips", "engagement_score", "engagement_tier", "events_applied",
        "late_events_dropped", "duplicate_events_dropped", "first_event_at", "last_event_at", "quality_flags",
        "active_session", "version",
    ];

    public static readonly string List = string.Join(", ", Names);

    /// <summary>Writes one row in the order of <see cref="Names"/>.</summary>
    public static void Write(NpgsqlBinaryImporter importer, EngagementRow row)
    {
        importer.StartRow();
        importer.Write(row.UserId, NpgsqlDbType.Text);
        importer.Write(row.VideoId, NpgsqlDbType.Text);
        WriteNullable(importer, row.VideoTitle);
        WriteNullable(importer, row.VideoDuration);
        importer.Write(row.TotalWatchTime, NpgsqlDbType.Double);
        importer.Write(row.UniqueSecondsWatched, NpgsqlDbType.Double);
        importer.Write(row.MaxPositionReached, NpgsqlDbType.Double);
        WriteNullable(importer, row.WatchPercentage);
        WriteNullable(importer, row.UniqueWatchPercentage);
        WriteNullable(importer, row.CompletionPercentage);
        importer.Write(row.SessionCount, NpgsqlDbType.Integer);
        importer.Write(row.CompletionCount, NpgsqlDbType.Integer);
        importer.Write(row.ReplayCount, NpgsqlDbType.Integer);
        importer.Write(row.TotalPauses, NpgsqlDbType.Integer);
        importer.Write(row.AvgPausesPerSession, NpgsqlDbType.Double);
        importer.Write(row.TotalForwardSkips, NpgsqlDbType.Integer);
        importer.Write(row.TotalBackwardSkips, NpgsqlDbType.Integer);
        WriteNullable(importer, row.EngagementScore);
        importer.Write(row.EngagementTier, NpgsqlDbType.Text);
        importer.Write(row.EventsApplied, NpgsqlDbType.Integer);
        importer.Write(row.LateEventsDropped, NpgsqlDbType.Integer);
        importer.Write(row.DuplicateEventsDropped, NpgsqlDbType.Integer);
        importer.Write(Utc(row.FirstEventAtMs), NpgsqlDbType.TimestampTz);
        importer.Write(Utc(row.LastEventAtMs), NpgsqlDbType.TimestampTz);
        importer.Write(row.QualityFlags as string[] ?? [.. row.QualityFlags], NpgsqlDbType.Array | NpgsqlDbType.Text);
        importer.Write(row.ActiveSession, NpgsqlDbType.Boolean);
        importer.Write(row.Version, NpgsqlDbType.Bigint);
    }

    private static DateTime Utc(long unixMs) => DateTime.UnixEpoch.AddMilliseconds(unixMs);

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
            importer.WriteNull();
        else
            importer.Write(value, NpgsqlDbType.Text);
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, double? value)
    {
        if (value is { } v)
            importer.Write(v, NpgsqlDbType.Double);
        else
            importer.WriteNull();
    }
}
