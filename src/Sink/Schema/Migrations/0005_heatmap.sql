-- The heatmap of SEMANTICS.md §6 (viewers and plays per second of video) as postgresql-hll
-- sketches. The heatmap sink merges every delta into both tables in one transaction, with the
-- offsets that delta came from (sink_offsets, consumer 'heatmap-sink'): a delta is applied once,
-- so plays are never counted twice; viewers would not be anyway (a union is idempotent).
CREATE EXTENSION IF NOT EXISTS hll;

-- One row per (video, UTC day, second): kept for the daily retention (90 days by default).
CREATE TABLE heatmap_daily (
    video_id text    NOT NULL,
    day      date    NOT NULL,
    second   integer NOT NULL CHECK (second >= 0),
    viewers  hll     NOT NULL,
    plays    bigint  NOT NULL CHECK (plays >= 0),
    PRIMARY KEY (video_id, day, second)
);

-- The rollup: per (video, calendar month, second) the union of that month's daily sketches and
-- the sum of their plays, so a long range unions one sketch per whole month instead of ~30.
-- Kept longer than the daily rows (24 months by default).
CREATE TABLE heatmap_monthly (
    video_id text    NOT NULL,
    month    date    NOT NULL CHECK (extract(day FROM month) = 1),
    second   integer NOT NULL CHECK (second >= 0),
    viewers  hll     NOT NULL,
    plays    bigint  NOT NULL CHECK (plays >= 0),
    PRIMARY KEY (video_id, month, second)
);

-- Retention deletes by day / month across all videos.
CREATE INDEX heatmap_daily_day ON heatmap_daily (day);
CREATE INDEX heatmap_monthly_month ON heatmap_monthly (month);
