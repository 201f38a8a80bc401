#!/usr/bin/env bash
# The query benchmark in one command (docs/benchmarks-queries.md):
#   1. (re)creates the PostgreSQL database lookout_bench (psql -h 127.0.0.1 -U postgres),
#   2. builds the EAR and this module (./mvnw -pl ear,bench -am package, tests skipped),
#   3. fills the database with DataGenerator (1,000,000 events by default),
#   4. runs Lookout on its own WildFly (bench/target/query-bench/wildfly-*) on PostgreSQL with a port offset
#      (default 100: HTTP 8180, management 10090; never 8080/9990), bound to 127.0.0.1,
#   5. runs QueryBench against it and prints the results table,
#   6. stops the server, always (trap), and prints the summary.
#
#   bench/query-bench.sh
#
# Environment (defaults in brackets): EVENTS [1000000], BENCH_GROUPS [10000], SEED [42],
# PORT_OFFSET [100], DB_NAME [lookout_bench], REQUESTS [200], CLIENTS [4], BUDGET [8] seconds per
# operation and phase, SKIP_BUILD [0] (1: reuse ear/target/lookout.ear and bench/target),
# SKIP_GENERATE [0] (1: reuse the data already in DB_NAME), KEEP_DB [1] (0: drop it at the end).
# Logs and results: bench/target/query-bench/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
EVENTS=${EVENTS:-1000000}
BENCH_GROUPS=${BENCH_GROUPS:-10000}
SEED=${SEED:-42}
PORT_OFFSET=${PORT_OFFSET:-100}
DB_NAME=${DB_NAME:-lookout_bench}
REQUESTS=${REQUESTS:-200}
CLIENTS=${CLIENTS:-4}
BUDGET=${BUDGET:-8}
SKIP_BUILD=${SKIP_BUILD:-0}
SKIP_GENERATE=${SKIP_GENERATE:-0}
KEEP_DB=${KEEP_DB:-1}
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)

die() { echo "query-bench: $*" >&2; exit 1; }
step() { printf '\n== %s (%ds)\n' "$*" "$SECONDS"; }

[[ "$PORT_OFFSET" =~ ^[0-9]+$ ]] && [ "$PORT_OFFSET" -gt 0 ] || die "PORT_OFFSET must be a positive number (8080/9990 are not ours)"
[[ "$DB_NAME" =~ ^[a-z_][a-z0-9_]*bench[a-z0-9_]*$ ]] || die "DB_NAME must be a plain name containing 'bench' (it is dropped)"
http_port=$((8080 + PORT_OFFSET))
mgmt_port=$((9990 + PORT_OFFSET))
BENCH_NAME=query-bench
# shared (bench/lib/server.sh): the WildFly version, checks, build, server start and stop
source "$here/lib/server.sh"
out="$here/target/query-bench"
# its own WildFly, not shared with bench/ingest-bench.sh, ear/ or it-tests/
wildfly="$out/wildfly-$wildfly_version"
db_url="jdbc:postgresql://127.0.0.1:5432/$DB_NAME"
classpath="$here/target/lookout-bench.jar:$here/target/lib/*"

finish() {
  status=$?
  stop_server
  if [ "$KEEP_DB" = 0 ]; then "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" || true; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

require_free_ports "$http_port" "$mgmt_port"
mkdir -p "$out"
require_postgres

step "build"
build_bench

if [ "$SKIP_GENERATE" = 1 ]; then
  step "reusing the data of $DB_NAME"
else
  step "database $DB_NAME and $EVENTS events"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
  java -Xmx3g -cp "$classpath" io.lookout.bench.DataGenerator --url="$db_url" --user=postgres \
      --events="$EVENTS" --groups="$BENCH_GROUPS" --seed="$SEED" 2>&1 \
    | grep -v -e '^INFO: ' -e 'org.flywaydb' | tee "$out/generate.log"
  [ "${PIPESTATUS[0]}" = 0 ] || die "DataGenerator failed"
fi

step "WildFly $wildfly_version for Lookout on PostgreSQL, port offset $PORT_OFFSET"
unpack_wildfly
start_server postgresql

step "QueryBench (load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
set +e
java -cp "$classpath" io.lookout.bench.QueryBench --base="http://127.0.0.1:$http_port" --user=admin --password=admin \
    --fast-user=bench --fast-password=bench --db="$db_url" --db-user=postgres \
    --requests="$REQUESTS" --clients="$CLIENTS" --budget="$BUDGET" \
  | tee "$out/results.txt"
bench_status=${PIPESTATUS[0]}
set -e
cp "$wildfly/standalone/log/server.log" "$out/server.log" 2>/dev/null || true

step "stopping the server"
stop_server

echo
echo "== summary (total ${SECONDS} s)"
grep -e '^DataGenerator: done' "$out/generate.log" 2>/dev/null || true
sed -n '/^Results, /,$p' "$out/results.txt"
echo "(results: $out/results.txt; logs: $out/)"
exit "$bench_status"
