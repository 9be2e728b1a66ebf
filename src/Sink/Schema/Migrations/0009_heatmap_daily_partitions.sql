-- heatmap_daily partitioned by UTC day (PostgreSQL declarative partitioning), so retention drops
-- a whole day's partition instead of deleting its rows one by one (docs/heatmap.md, "Retention").
-- The sink manages the partitions itself (HeatmapDailyPartitions): it creates them ahead of the
-- data, and every merge transaction makes sure the days it writes have one (the function below),
-- so a delta for an unexpected day never fails for want of a partition.
--
-- Works on an empty database and on one with data: the rows of the unpartitioned table are copied
-- into the partitions of their days, then the old table is dropped. This rewrites heatmap_daily
-- once, inside the migration's transaction (merges and queries wait for it).

ALTER TABLE heatmap_daily RENAME TO heatmap_daily_unpartitioned;
-- Index names are unique per schema: the old table's key must make room for the new one's.
ALTER TABLE heatmap_daily_unpartitioned RENAME CONSTRAINT heatmap_daily_pkey TO heatmap_daily_unpartitioned_pkey;

-- The same columns, checks and key as before (0005, 0007). The key includes the day, as a
-- partitioned table's key must. No index on day any more: retention no longer looks rows up by day.
CREATE TABLE heatmap_daily (
    video_id       text    NOT NULL,
    day            date    NOT NULL,
    second         integer NOT NULL CHECK (second >= 0),
    viewers        hll     NOT NULL,
    plays          bigint  NOT NULL CHECK (plays >= 0),
    unfolded_plays bigint  CHECK (unfolded_plays >= 0 AND unfolded_plays <= plays),
    PRIMARY KEY (video_id, day, second)
) PARTITION BY RANGE (day);

-- The partition of one day: heatmap_daily_YYYYMMDD in heatmap_daily's schema, holding [day, day + 1).
CREATE FUNCTION heatmap_daily_partition_name(day date) RETURNS text
LANGUAGE sql STABLE STRICT AS $$ SELECT 'heatmap_daily_' || to_char(day, 'YYYYMMDD') $$;

-- Creates the partitions of the given days that do not exist yet; returns how many it created.
-- Cheap when they all exist (one catalog lookup per day, no lock). A missing one is created under
-- a transaction-scoped advisory lock per day, checked again once the lock is held: two sinks
-- creating the same day at once would otherwise collide in the catalog. The second check reads
-- pg_class with a fresh snapshot: taking an advisory lock does not refresh the relation cache
-- to_regclass uses, so it would still miss the partition another transaction just committed.
-- Creating a partition takes an ACCESS EXCLUSIVE lock on heatmap_daily until the transaction ends;
-- the sink creates days ahead in short transactions of their own, so a merge rarely has to.
-- fillfactor 70 as 0007 set on the unpartitioned table: merges and folds update rows in place (HOT).
CREATE FUNCTION heatmap_daily_ensure_partitions(days date[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    parent_schema oid := (SELECT relnamespace FROM pg_class WHERE oid = 'heatmap_daily'::regclass);
    missing date[] := '{}';
    d date;
    created integer := 0;
BEGIN
    FOREACH d IN ARRAY days LOOP
        CONTINUE WHEN d IS NULL OR d = ANY (missing)
            OR EXISTS (SELECT 1 FROM pg_class WHERE relname = heatmap_daily_partition_name(d) AND relnamespace = parent_schema);
        missing := missing || d;
    END LOOP;
    -- All the day locks first, in day order, and only then any creation: a transaction that holds
    -- heatmap_daily's exclusive lock (from a creation) never waits for a day lock, so two merges
    -- creating overlapping days cannot deadlock. 0x53414748 ("SAGH"), then the day.
    FOREACH d IN ARRAY (SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM unnest(missing) AS x) LOOP
        PERFORM pg_advisory_xact_lock(1396787016, d - DATE '2000-01-01');
    END LOOP;
    FOREACH d IN ARRAY missing LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM pg_class WHERE relname = heatmap_daily_partition_name(d) AND relnamespace = parent_schema);
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF heatmap_daily FOR VALUES FROM (%L) TO (%L) WITH (fillfactor = 70)',
                       (SELECT nspname FROM pg_namespace WHERE oid = parent_schema), heatmap_daily_partition_name(d), d, d + 1);
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;

SELECT heatmap_daily_ensure_partitions(array(SELECT DISTINCT day FROM heatmap_daily_unpartitioned));

-- In key order: each partition's index is built in order, and the rows keep their values exactly
-- (sketch bytes, plays, unfolded plays), so every answer is the same before and after.
INSERT INTO heatmap_daily (video_id, day, second, viewers, plays, unfolded_plays)
SELECT video_id, day, second, viewers, plays, unfolded_plays FROM heatmap_daily_unpartitioned
ORDER BY video_id, day, second;

DROP TABLE heatmap_daily_unpartitioned;
