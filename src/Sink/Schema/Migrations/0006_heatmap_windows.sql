-- Precomputed heatmaps of standard windows ("last-7-days", "last-28-days", "last-90-days", each
-- ending at the video's newest day), so a dashboard's usual question costs one row read instead
-- of a union of hundreds of sketches (docs/heatmap.md). The sketch query stays the exact answer
-- for any other range, and for a window that is too stale.

-- Per video: its newest day with daily rows, and a counter the heatmap sink bumps in every merge
-- transaction that touches the video. A window remembers the counter it was computed from: equal
-- counters mean no delta has arrived since.
CREATE TABLE heatmap_videos (
    video_id          text        PRIMARY KEY,
    newest_day        date        NOT NULL,
    changes           bigint      NOT NULL DEFAULT 1,
    refreshed_changes bigint      NOT NULL DEFAULT 0,
    changed_at        timestamptz NOT NULL DEFAULT now()
);

-- What the refresher looks for: videos with deltas its windows have not seen.
CREATE INDEX heatmap_videos_unrefreshed ON heatmap_videos (video_id) WHERE changes <> refreshed_changes;

-- One row per (video, window): the per-second numbers of [from_day, to_day] as parallel arrays
-- (ascending seconds; viewers is the HyperLogLog estimate before rounding, exactly what the
-- sketch query's hll_cardinality gives for the same range and rows).
CREATE TABLE heatmap_window (
    video_id     text               NOT NULL,
    window_name  text               NOT NULL,
    from_day     date               NOT NULL,
    to_day       date               NOT NULL,
    changes_seen bigint             NOT NULL,
    refreshed_at timestamptz        NOT NULL,
    seconds      integer[]          NOT NULL,
    viewers      double precision[] NOT NULL,
    plays        bigint[]           NOT NULL,
    PRIMARY KEY (video_id, window_name),
    CHECK (from_day <= to_day)
);

-- Videos that had heatmap rows before this migration: known, and due for their first refresh.
INSERT INTO heatmap_videos (video_id, newest_day)
SELECT video_id, max(day) FROM heatmap_daily GROUP BY video_id
ON CONFLICT DO NOTHING;
