-- Rollups for heatmaps of any range (docs/heatmap.md, "Any range"): per video, aligned blocks of
-- 1, 2, 4, … 128 days, each holding the per-second union of its days as a sketch sequence
-- (StreamAgg.Hll.HllSequenceWriter: the registers and explicit hashes that change from one second
-- to the next, and each second's plays). Any range is at most about 2·log2(days) blocks; the query
-- replays them into one running union (HllRunningUnion) in its own process, with exactly
-- postgresql-hll's numbers. heatmap_daily stays the truth and byte-compatible with postgresql-hll.

-- Per (video, day): a counter the heatmap sink bumps in every merge transaction touching the day,
-- and the counter the rollups were last built from. A block remembers the sum of its days'
-- counters when it was built; counters only grow, so an equal sum now means none of its days
-- changed since, and the block is served. Otherwise the query splits it (down to the day's own
-- heatmap_daily rows), so an answer always includes every delta stored.
CREATE TABLE heatmap_rollup_days (
    video_id       text   NOT NULL,
    day            date   NOT NULL,
    changes        bigint NOT NULL DEFAULT 1,
    rolled_changes bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (video_id, day)
);

-- What the builder looks for: days changed since their blocks were built.
CREATE INDEX heatmap_rollup_days_due ON heatmap_rollup_days (video_id, day) WHERE changes <> rolled_changes;

-- One row per block: [start_day, start_day + 2^level) with start_day's day number a multiple of
-- 2^level (DateOnly.DayNumber: days since 0001-01-01), so the blocks of a level tile the calendar.
CREATE TABLE heatmap_rollup (
    video_id    text        NOT NULL,
    level       smallint    NOT NULL CHECK (level BETWEEN 0 AND 15),
    start_day   date        NOT NULL,
    changes_sum bigint      NOT NULL,
    sequence    bytea       NOT NULL,
    built_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, level, start_day)
);

-- The sequences are varint-packed already: compressing them gains little and costs every read.
ALTER TABLE heatmap_rollup ALTER COLUMN sequence SET STORAGE EXTERNAL;

-- The first day the rollups answer for (the daily retention's first day when the builder last
-- deleted; no row: no limit). Ranges starting before it go to the sketch query, which also reads
-- the monthly rollup.
CREATE TABLE heatmap_rollup_horizon (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    first_day date    NOT NULL
);

-- Days that had heatmap rows before this migration: due for their first build.
INSERT INTO heatmap_rollup_days (video_id, day)
SELECT DISTINCT video_id, day FROM heatmap_daily
ON CONFLICT DO NOTHING;
