-- Golden vectors for StreamAgg.Hll, computed by postgresql-hll itself.
-- Run by generate.sh; prints one tab-separated line per vector (see GoldenVectors.cs).
-- A spec is "empty" or PREFIX:A-B (the hashes of PREFIX || i for i in A..B, via
-- hll_add_agg), and specs joined by "+" are combined with hll_union, left to right.
\set ON_ERROR_STOP on
CREATE EXTENSION IF NOT EXISTS hll;
SET extra_float_digits = 1;

CREATE FUNCTION pg_temp.part(part text, l int, r int, e bigint, s int) RETURNS hll
LANGUAGE plpgsql AS $$
DECLARE pfx text; a int; b int; h hll;
BEGIN
  IF part = 'empty' THEN RETURN hll_empty(l, r, e, s); END IF;
  pfx := split_part(part, ':', 1);
  a := split_part(split_part(part, ':', 2), '-', 1)::int;
  b := split_part(split_part(part, ':', 2), '-', 2)::int;
  SELECT hll_add_agg(hll_hash_text(pfx || i), l, r, e, s) INTO h FROM generate_series(a, b) i;
  RETURN coalesce(h, hll_empty(l, r, e, s));
END $$;

CREATE FUNCTION pg_temp.spec(spec text, l int, r int, e bigint, s int) RETURNS hll
LANGUAGE plpgsql AS $$
DECLARE p text; h hll;
BEGIN
  FOREACH p IN ARRAY string_to_array(spec, '+') LOOP
    IF h IS NULL THEN h := pg_temp.part(p, l, r, e, s);
    ELSE h := hll_union(h, pg_temp.part(p, l, r, e, s)); END IF;
  END LOOP;
  RETURN h;
END $$;

CREATE TEMP TABLE cases(name text, l int, r int, e bigint, s int, spec text);
INSERT INTO cases VALUES
  -- default StreamAgg parameters (14, 5, auto, sparse on)
  ('empty',                 14, 5, -1, 1, 'empty'),
  ('explicit-1',            14, 5, -1, 1, 'user:1-1'),
  ('explicit-2',            14, 5, -1, 1, 'user:1-2'),
  ('explicit-100',          14, 5, -1, 1, 'user:1-100'),
  ('explicit-1280',         14, 5, -1, 1, 'user:1-1280'),
  ('sparse-1281',           14, 5, -1, 1, 'user:1-1281'),
  ('sparse-4311',           14, 5, -1, 1, 'user:1-4311'),
  ('sparse-4312',           14, 5, -1, 1, 'user:1-4312'),
  ('sparse-5017',           14, 5, -1, 1, 'user:1-5017'),
  ('full-5018',             14, 5, -1, 1, 'user:1-5018'),
  ('full-100000',           14, 5, -1, 1, 'user:1-100000'),
  ('union-empty-explicit',  14, 5, -1, 1, 'empty+user:1-10'),
  ('union-explicit-empty',  14, 5, -1, 1, 'user:1-10+empty'),
  ('union-empty-full',      14, 5, -1, 1, 'empty+user:1-20000'),
  ('union-explicit-explicit',          14, 5, -1, 1, 'user:1-50+user:30-80'),
  ('union-explicit-explicit-at-cap',   14, 5, -1, 1, 'user:1-700+user:581-1280'),
  ('union-explicit-explicit-past-cap', 14, 5, -1, 1, 'user:1-700+user:581-1281'),
  ('union-explicit-explicit-promoted', 14, 5, -1, 1, 'user:1-1000+user:500-1500'),
  ('union-explicit-sparse', 14, 5, -1, 1, 'user:1-100+user:1001-3000'),
  ('union-sparse-explicit', 14, 5, -1, 1, 'user:1001-3000+user:1-100'),
  ('union-explicit-full',   14, 5, -1, 1, 'user:1-100+user:10001-30000'),
  ('union-full-explicit',   14, 5, -1, 1, 'user:10001-30000+user:1-100'),
  ('union-sparse-sparse',   14, 5, -1, 1, 'user:1-2000+user:2001-4000'),
  ('union-sparse-sparse-to-full', 14, 5, -1, 1, 'user:1-3000+user:3001-6000'),
  ('union-sparse-full',     14, 5, -1, 1, 'user:1-3000+user:3001-20000'),
  ('union-full-sparse',     14, 5, -1, 1, 'user:3001-20000+user:1-3000'),
  ('union-full-full',       14, 5, -1, 1, 'user:1-50000+user:40000-100000'),
  ('union-three',           14, 5, -1, 1, 'user:1-10+user:5-2000+user:1500-60000'),
  -- postgresql-hll's own default typmod (11, 5, auto, on): capacity 160
  ('p11-explicit-160',      11, 5, -1, 1, 'v:1-160'),
  ('p11-sparse-161',        11, 5, -1, 1, 'v:1-161'),
  ('p11-full-50000',        11, 5, -1, 1, 'v:1-50000'),
  -- (10, 4): capacity 64
  ('p10w4-explicit-64',     10, 4, -1, 1, 'v:1-64'),
  ('p10w4-sparse-65',       10, 4, -1, 1, 'v:1-65'),
  ('p10w4-full-20000',      10, 4, -1, 1, 'v:1-20000'),
  -- expthresh 0: never explicit
  ('p12w6-e0-1',            12, 6, 0, 1, 'v:1-1'),
  ('p12w6-e0-100',          12, 6, 0, 1, 'v:1-100'),
  ('p12w6-e0-5000',         12, 6, 0, 1, 'v:1-5000'),
  ('p12w6-e0-1000000',      12, 6, 0, 1, 'v:1-1000000'),
  -- explicit expthresh values
  ('p14-e256-256',          14, 5, 256, 1, 'v:1-256'),
  ('p14-e256-257',          14, 5, 256, 1, 'v:1-257'),
  ('p14-e1-1',              14, 5, 1, 1, 'v:1-1'),
  ('p14-e1-2',              14, 5, 1, 1, 'v:1-2'),
  ('p14-e8192-8192',        14, 5, 8192, 1, 'v:1-8192'),
  ('p14-e8192-8193',        14, 5, 8192, 1, 'v:1-8193'),
  ('p14-e256-union',        14, 5, 256, 1, 'v:1-200+v:100-300'),
  -- sparse off
  ('p14-nosparse-100',      14, 5, -1, 0, 'v:1-100'),
  ('p14-nosparse-1281',     14, 5, -1, 0, 'v:1-1281'),
  -- small and large register arrays, all register widths
  ('p4-1',                  4, 5, -1, 1, 'v:1-1'),
  ('p4-2',                  4, 5, -1, 1, 'v:1-2'),
  ('p4-100',                4, 5, -1, 1, 'v:1-100'),
  ('p4-10000',              4, 5, -1, 1, 'v:1-10000'),
  ('p5w2-1000',             5, 2, -1, 1, 'v:1-1000'),
  ('p6w3-1000',             6, 3, -1, 1, 'v:1-1000'),
  ('p7w1-e0-50',            7, 1, 0, 1, 'v:1-50'),
  ('p8w1-e0-100000',        8, 1, 0, 1, 'v:1-100000'),
  ('p13w6-300000',          13, 6, -1, 1, 'v:1-300000'),
  ('p9w7-e0-20',            9, 7, 0, 1, 'v:1-20'),
  ('p9w7-e0-5000',          9, 7, 0, 1, 'v:1-5000'),
  ('p17w7-14336',           17, 7, -1, 1, 'v:1-14336'),
  ('p17w7-14337',           17, 7, -1, 1, 'v:1-14337'),
  ('p17w7-200000',          17, 7, -1, 1, 'v:1-200000'),
  ('p16w5-e0-3',            16, 5, 0, 0, 'v:1-3');

\pset format unaligned
\pset tuples_only on
\pset fieldsep '\t'

SELECT 'sketch', name, l, r, e, s, spec, length(b), encode(sha256(b), 'hex'),
       CASE WHEN length(b) <= 2048 THEN encode(b, 'hex') ELSE '-' END,
       hll_cardinality(h)
FROM (SELECT c.*, h, decode(substr(h::text, 3), 'hex') AS b
      FROM cases c, LATERAL pg_temp.spec(c.spec, c.l, c.r, c.e, c.s) h) x
ORDER BY name;

SELECT 'hash-text', encode(convert_to(x, 'UTF8'), 'hex'), hll_hash_text(x)
FROM unnest(ARRAY['', 'A', 'AB', 'peter', 'ünïcødé', '日本語のテキスト', '😀 emoji',
                  'user|with|pipes', 'salt:2026-11-20:user_42', repeat('long-', 400)]) x;

SELECT 'hash-text', encode(convert_to(x, 'UTF8'), 'hex'), hll_hash_text(x)
FROM (SELECT left('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL', n) AS x
      FROM generate_series(1, 40) n) t;

SELECT 'hash-bigint', n, hll_hash_bigint(n)
FROM unnest(ARRAY[0, 1, -1, -100, 42, 9223372036854775807, -9223372036854775808]::bigint[]) n;
