-- One row per (user, video): the engagement row of SEMANTICS.md §5, plus the streaming fields.
CREATE TABLE engagement (
    user_id                  text             NOT NULL,
    video_id                 text             NOT NULL,
    video_title              text,
    video_duration           double precision,
    total_watch_time         double precision NOT NULL,
    unique_seconds_watched   double precision NOT NULL,
    max_position_reached     double precision NOT NULL,
    watch_percentage         double precision,
    unique_watch_percentage  double precision,
    completion_percentage    double precision,
    session_count            integer          NOT NULL,
    completion_count         integer          NOT NULL,
    replay_count             integer          NOT NULL,
    total_pauses             integer          NOT NULL,
    avg_pauses_per_session   double precision NOT NULL,
    total_forward_skips      integer          NOT NULL,
    total_backward_skips     integer          NOT NULL,
    engagement_score         double precision,
    engagement_tier          text             NOT NULL
        CHECK (engagement_tier IN ('High', 'Medium', 'Low', 'Minimal', 'Unknown')),
    events_applied           integer          NOT NULL,
    late_events_dropped      integer          NOT NULL,
    duplicate_events_dropped integer          NOT NULL,
    first_event_at           timestamptz      NOT NULL,
    last_event_at            timestamptz      NOT NULL,
    quality_flags            text[]           NOT NULL,
    active_session           boolean          NOT NULL,
    version                  bigint           NOT NULL,
    -- When the sink last changed the row (not part of the row itself).
    written_at               timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, video_id)
);

CREATE INDEX engagement_video_id ON engagement (video_id);
