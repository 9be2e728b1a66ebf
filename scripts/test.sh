#!/usr/bin/env bash
# Runs every test: unit tests, and integration tests against the embedded Kafka cluster and a
# throwaway PostgreSQL (or the servers named by STREAMAGG_KAFKA_BOOTSTRAP / STREAMAGG_POSTGRES).
# Installs what it needs first. Ends with one line "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --no-build || exit 1

log=$(mktemp)
# A hung test fails the run (with the name of the test) instead of holding CI until its time limit;
# 10 minutes leaves room for the broker-fault crash test, which may run its scenario twice.
dotnet test StreamAgg.sln -c Release --nologo --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed"
if [ "$status" = 0 ] && [ "$passed" = 0 ]; then echo "no test ran" >&2; exit 1; fi
exit "$status"
