-- Analysts' questions over the engagement rows (SEMANTICS.md §5).

-- Per video: unique viewers (one row per viewer), average watch and completion percentages
-- (over viewers with a known duration), completions (all passes, replays included) and the
-- viewers with at least one completion.
CREATE VIEW report_top_videos AS
SELECT video_id,
       (array_agg(video_title ORDER BY last_event_at DESC) FILTER (WHERE video_title IS NOT NULL))[1] AS video_title,
       count(*)                                    AS unique_viewers,
       avg(watch_percentage)                       AS avg_watch_percentage,
       avg(completion_percentage)                  AS avg_completion_percentage,
       sum(completion_count)                       AS completions,
       count(*) FILTER (WHERE completion_count > 0) AS viewers_completed,
       sum(total_watch_time)                       AS total_watch_time
FROM engagement
GROUP BY video_id;

-- Per user with at least one High-tier row: how many videos they engaged with highly, out of how many.
CREATE VIEW report_power_users AS
SELECT user_id,
       count(*) FILTER (WHERE engagement_tier = 'High')                  AS high_tier_videos,
       count(*)                                                         AS videos_watched,
       avg(engagement_score) FILTER (WHERE engagement_tier = 'High')     AS avg_high_tier_score,
       sum(total_watch_time)                                            AS total_watch_time,
       sum(completion_count)                                            AS completions
FROM engagement
GROUP BY user_id
HAVING count(*) FILTER (WHERE engagement_tier = 'High') > 0;

-- Where viewers who never completed a video stopped: the furthest position they reached
-- (capped at the duration), in 30-second buckets, per video.
CREATE VIEW report_dropoff AS
SELECT video_id,
       (floor(least(max_position_reached, video_duration) / 30) * 30)::integer AS bucket_start_seconds,
       count(*)                                                                AS viewers
FROM engagement
WHERE completion_count = 0
  AND video_duration IS NOT NULL
GROUP BY video_id, bucket_start_seconds;
