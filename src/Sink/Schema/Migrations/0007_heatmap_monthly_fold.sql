-- The monthly rollup is folded in the background instead of inside every merge (docs/heatmap.md):
-- a merge upserts heatmap_daily only, records in unfolded_plays what it added that the month has
-- not got yet, and marks the (video, month) in heatmap_unfolded_months. HeatmapMonthFolder later
-- unions those daily rows into heatmap_monthly and adds their unfolded plays.

-- NULL: the row is entirely in its month's rollup. Not NULL: its sketch may hold viewers the
-- rollup lacks, and this many of its plays are not in the rollup's sum yet. A union is idempotent,
-- so re-unioning a whole daily sketch is harmless; a sum is not, hence the count of what is missing.
-- Rows from before this migration were merged into heatmap_monthly in the same transaction: NULL.
ALTER TABLE heatmap_daily
    ADD COLUMN unfolded_plays bigint CHECK (unfolded_plays >= 0 AND unfolded_plays <= plays);

-- The folder's work list: one row per (video, month) with unfolded daily rows. Every merge
-- transaction touching the month bumps changes; the folder deletes the row after a fold only when
-- changes is still what it read before folding (so a merge that arrived meanwhile keeps it due).
-- Queries never need it: they union a month's rollup with its unfolded daily rows.
CREATE TABLE heatmap_unfolded_months (
    video_id  text        NOT NULL,
    month     date        NOT NULL CHECK (extract(day FROM month) = 1),
    changes   bigint      NOT NULL DEFAULT 1,
    marked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, month)
);

-- Merges and folds update daily rows in place without touching an indexed column; room left on
-- each page lets PostgreSQL keep the new version on the same page (a HOT update), so neither the
-- primary key nor the retention index gets a new entry. Applies to pages written from now on.
ALTER TABLE heatmap_daily SET (fillfactor = 70);
