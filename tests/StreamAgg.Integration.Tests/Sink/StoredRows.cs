using Npgsql;
using StreamAgg.Core.Engagement;

namespace StreamAgg.Integration.Tests.Sink;

/// <summary>Reads the engagement table back into rows, independently of the writer's column code.</summary>
internal static class StoredRows
{
    public static async Task<IReadOnlyList<EngagementRow>> ReadAllAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT user_id, video_id, video_title, video_duration, total_watch_time, unique_seconds_watched,
                   max_position_reached, watch_percentage, unique_watch_percentage, completion_percentage,
                   session_count, completion_count, replay_count, total_pauses, avg_pauses_per_session,
                   total_forward_skips, total_backward_skips, engagement_score, engagement_tier, events_applied,
                   late_events_dropped, duplicate_events_dropped, first_event_at, last_event_at, quality_flags,
                   active_session, version
            FROM engagement ORDER BY user_id, video_id
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<EngagementRow>();
        while (await reader.ReadAsync())
        {
            double? NullableDouble(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
            rows.Add(new EngagementRow
            {
                UserId = reader.GetString(0),
                VideoId = reader.GetString(1),
                VideoTitle = reader.IsDBNull(2) ? null : reader.GetString(2),
                VideoDuration = NullableDouble(3),
                TotalWatchTime = reader.GetDouble(4),
                UniqueSecondsWatched = reader.GetDouble(5),
                MaxPositionReached = reader.GetDouble(6),
                WatchPercentage = NullableDouble(7),
                UniqueWatchPercentage = NullableDouble(8),
                CompletionPercentage = NullableDouble(9),
                SessionCount = reader.GetInt32(10),
                CompletionCount = reader.GetInt32(11),
                ReplayCount = reader.GetInt32(12),
                TotalPauses = reader.GetInt32(13),
                AvgPausesPerSession = reader.GetDouble(14),
                TotalForwardSkips = reader.GetInt32(15),
                TotalBackwardSkips = reader.GetInt32(16),
                EngagementScore = NullableDouble(17),
                EngagementTier = reader.GetString(18),
                EventsApplied = reader.GetInt32(19),
                LateEventsDropped = reader.GetInt32(20),
                DuplicateEventsDropped = reader.GetInt32(21),
                FirstEventAtMs = new DateTimeOffset(reader.GetDateTime(22)).ToUnixTimeMilliseconds(),
                LastEventAtMs = new DateTimeOffset(reader.GetDateTime(23)).ToUnixTimeMilliseconds(),
                QualityFlags = reader.GetFieldValue<string[]>(24),
                ActiveSession = reader.GetBoolean(25),
                Version = reader.GetInt64(26),
            });
        }
        return rows;
    }

    /// <summary>Record equality with the flag lists compared by content.</summary>
    public static void AssertSame(EngagementRow expected, EngagementRow actual)
    {
        Xunit.Assert.Equal(expected.QualityFlags, actual.QualityFlags);
        Xunit.Assert.Equal(expected, actual with { QualityFlags = expected.QualityFlags });
    }
}
