#!/usr/bin/env bash
# Regenerates golden.tsv from a throwaway PostgreSQL 15 cluster with postgresql-hll
# (Debian postgresql-15-hll). Run as root; the server itself runs as the postgres user.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin=/usr/lib/postgresql/15/bin
dir="$(mktemp -d /tmp/hll-golden.XXXXXX)"
port="${PORT:-55432}"
chown postgres "$dir"
trap 'runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=''" start >/dev/null
psql -h "$dir" -p "$port" -U postgres -X -q -f "$here/golden.sql" postgres > "$here/golden.tsv"
psql -h "$dir" -p "$port" -U postgres -X -At -c "SELECT extversion FROM pg_extension WHERE extname = 'hll'" postgres
