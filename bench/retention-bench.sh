#!/usr/bin/env bash
# The retention benchmark in one command (docs/benchmarks.md, "Retention at 1 M expired events"):
#   1. (re)creates the PostgreSQL database lookout_retention_bench (psql -h 127.0.0.1 -U postgres),
#   2. builds the EAR and this module (./mvnw -pl ear,bench -am package, tests skipped),
#   3. fills it with DataGenerator: EVENTS events (1,000,000) over 14 days ending 100 days ago,
#      so every one of them is older than the project's retention (90 days),
#   4. runs Lookout on its own WildFly (bench/target/retention-bench/wildfly-*) on PostgreSQL with
#      port offset 300 (HTTP 8380, management 10290), bound to 127.0.0.1,
#   5. runs RetentionBench: sizes before; ingest capacity (full load, end to end); the normal rate
#      at half of it; then the same load while POST /api/admin/retention/run is called until nothing
#      expired is left; the rate during cleanup as % of normal, time, rows/s; sizes and dead tuples
#      after, and after a plain VACUUM,
#   6. checks what is left (bench/consistency-retention.sql, then bench/consistency.sql), stops the server, always (trap), prints the summary.
#
#   bench/retention-bench.sh
#
# Environment (defaults in brackets): EVENTS [1000000], BENCH_GROUPS [10000], SEED [42], ENDING_DAYS_AGO [100],
# PORT_OFFSET [300], DB_NAME [lookout_retention_bench], CLIENTS [8], CAPACITY_SECONDS [40], NORMAL_SECONDS [60],
# FRACTION [0.5], RATE [] (events/s: skip the capacity phase and drive at this rate), MAX_CLEANUP_SECONDS [3600],
# BATCH_SIZE [500] and BUDGET_SECONDS [60] (the server's lookout.retention.* settings), SKIP_BUILD [0],
# SKIP_GENERATE [0], KEEP_DB [1] (0: drop it at the end). Logs and results: bench/target/retention-bench/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
EVENTS=${EVENTS:-1000000}
BENCH_GROUPS=${BENCH_GROUPS:-10000}
SEED=${SEED:-42}
ENDING_DAYS_AGO=${ENDING_DAYS_AGO:-100}
PORT_OFFSET=${PORT_OFFSET:-300}
DB_NAME=${DB_NAME:-lookout_retention_bench}
CLIENTS=${CLIENTS:-8}
CAPACITY_SECONDS=${CAPACITY_SECONDS:-40}
NORMAL_SECONDS=${NORMAL_SECONDS:-60}
FRACTION=${FRACTION:-0.5}
RATE=${RATE:-}
MAX_CLEANUP_SECONDS=${MAX_CLEANUP_SECONDS:-3600}
BATCH_SIZE=${BATCH_SIZE:-500}
BUDGET_SECONDS=${BUDGET_SECONDS:-60}
SKIP_BUILD=${SKIP_BUILD:-0}
SKIP_GENERATE=${SKIP_GENERATE:-0}
KEEP_DB=${KEEP_DB:-1}
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)

die() { echo "retention-bench: $*" >&2; exit 1; }
step() { printf '\n== %s (%ds, load average %s)\n' "$*" "$SECONDS" "$(cut -d' ' -f1-3 /proc/loadavg)"; }

[[ "$PORT_OFFSET" =~ ^[0-9]+$ ]] && [ "$PORT_OFFSET" -gt 0 ] || die "PORT_OFFSET must be a positive number (8080/9990 are not ours)"
[[ "$DB_NAME" =~ ^[a-z_][a-z0-9_]*bench[a-z0-9_]*$ ]] || die "DB_NAME must be a plain name containing 'bench' (it is dropped)"
http_port=$((8080 + PORT_OFFSET))
mgmt_port=$((9990 + PORT_OFFSET))
BENCH_NAME=retention-bench
# shared (bench/lib/server.sh): the WildFly version, checks, build, server start and stop
source "$here/lib/server.sh"
out="$here/target/retention-bench"
wildfly="$out/wildfly-$wildfly_version"
db_url="jdbc:postgresql://127.0.0.1:5432/$DB_NAME"
classpath="$here/target/lookout-bench.jar:$here/target/lib/*"

finish() {
  status=$?
  stop_server
  if [ "$KEEP_DB" = 0 ]; then "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" || true; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

require_free_ports "$http_port" "$mgmt_port"
mkdir -p "$out"
require_postgres

step "build"
build_bench
echo "commit $(cd "$root" && git rev-parse --short HEAD)$(cd "$root" && git diff --quiet HEAD -- . || echo ' (with uncommitted changes)')"

if [ "$SKIP_GENERATE" = 1 ]; then
  step "reusing the data of $DB_NAME"
else
  step "database $DB_NAME and $EVENTS events ending $ENDING_DAYS_AGO days ago"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
  java -Xmx3g -cp "$classpath" io.lookout.bench.DataGenerator --url="$db_url" --user=postgres \
      --events="$EVENTS" --groups="$BENCH_GROUPS" --seed="$SEED" --ending-days-ago="$ENDING_DAYS_AGO" 2>&1 \
    | grep -v -e '^INFO: ' -e 'org.flywaydb' | tee "$out/generate.log"
  [ "${PIPESTATUS[0]}" = 0 ] || die "DataGenerator failed"
fi

step "WildFly $wildfly_version for Lookout on PostgreSQL, port offset $PORT_OFFSET"
unpack_wildfly
start_server postgresql -Djboss.node.name=retention-bench \
    "-Dlookout.retention.batch-size=$BATCH_SIZE" "-Dlookout.retention.budget-seconds=$BUDGET_SECONDS"

step "RetentionBench ($(nproc) cores; batch size $BATCH_SIZE, budget $BUDGET_SECONDS s)"
set +e
java -cp "$classpath" io.lookout.bench.RetentionBench --base="http://127.0.0.1:$http_port" --password=admin \
    --db="$db_url" --db-user=postgres --clients="$CLIENTS" --capacity-seconds="$CAPACITY_SECONDS" \
    --normal-seconds="$NORMAL_SECONDS" --fraction="$FRACTION" ${RATE:+--rate="$RATE"} \
    --max-cleanup-seconds="$MAX_CLEANUP_SECONDS" \
  | tee "$out/results.txt"
bench_status=${PIPESTATUS[0]}
set -e
cp "$wildfly/standalone/log/server.log" "$out/server.log" 2>/dev/null || true

step "stopping the server"
stop_server

step "consistency of what is left: bench/consistency-retention.sql (what the cleanup keeps exact; all 0), then bench/consistency.sql"
"${PSQL[@]}" -d "$DB_NAME" -At -F ' ' -f "$here/consistency-retention.sql" | tee "$out/consistency-retention.txt"
mismatches=$(awk '{ n += $NF } END { print n + 0 }' "$out/consistency-retention.txt")
"${PSQL[@]}" -d "$DB_NAME" -At -F ' ' -f "$here/consistency.sql" | tee "$out/consistency.txt"
full_mismatches=$(awk '{ n += $NF } END { print n + 0 }' "$out/consistency.txt")

echo
echo "== summary (total ${SECONDS} s)"
grep -e '^DataGenerator: done' "$out/generate.log" 2>/dev/null || true
grep -e '^capacity:' -e '^normal:' -e '^during cleanup:' -e '^cleanup:' "$out/results.txt" || true
echo "consistency: $mismatches mismatches in what the cleanup keeps exact (consistency-retention.sql), $full_mismatches in the full check (consistency.sql; first/last seen of tag values and distributions are not recomputed by design)"
grep -e '^retention:' "$out/results.txt" || echo "retention: no result (see $out/results.txt)"
echo "(results: $out/results.txt; logs: $out/)"
exit "$bench_status"
