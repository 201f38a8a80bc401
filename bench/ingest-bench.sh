#!/usr/bin/env bash
# The ingest benchmark in one command (docs/benchmarks.md):
#   bench/ingest-bench.sh                 # H2, the embedded default
#   DB=postgresql bench/ingest-bench.sh   # PostgreSQL at 127.0.0.1:5432 (database PG_DATABASE [lookout_ingest_bench], recreated)
# Starts a fresh Lookout on its own WildFly (bench/target/wildfly-*) with a port offset (default 100:
# HTTP 8180, management 10090) with the benchmark's endpoints deployed beside it (lookout-bench.war,
# built by the bench module) and the per-key rate limit and the quotas' limits off (the benchmark measures capacity; the
# quotas still count every event, so their cost is in the numbers), runs IngestBench (edge ceiling,
# storage ceiling, then the load), prints the table and the summary line, and stops the server,
# always. Environment: DB [h2], LOAD_SECONDS [30] (not SECONDS: that is bash's clock), CLIENTS [8], PORT_OFFSET [100], SKIP_BUILD [0],
# SERVER_OPTS [] (more server options, e.g. -Dlookout.ingest.writers=1), HALF_RATE [0: half of the
# capacity measured] (the latency phase's offered events/s, to compare two servers at one load),
# QUOTA_CHECK [1] (0: the server skips the quota check, -Dlookout.quota.enabled=false: the row without it, issue 22),
# ALERT_RULES [0] (alert rules created on the project before the load: issue 17 measures 20),
# GROUPING_RULES [0] (grouping rules put on the project before the load: issue 20 measures 20),
# JFR [] (a file: the server records a profile there, written when it stops; read it with
# `java bench/JfrShare.java FILE io.lookout.alerts. io.lookout.consume.`),
# RESTART [0] (1: then restarts the server on the run's data and measures its warm-up: the capacity
# phase from the first second, for WARM_UP_SECONDS [120], and when it first stores 80 % of its warm rate
# (the mean of the second half); issue 24).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DB=${DB:-h2}
LOAD_SECONDS=${LOAD_SECONDS:-30}
CLIENTS=${CLIENTS:-8}
PORT_OFFSET=${PORT_OFFSET:-100}
SKIP_BUILD=${SKIP_BUILD:-0}
http_port=$((8080 + PORT_OFFSET))
mgmt_port=$((9990 + PORT_OFFSET))
BENCH_NAME=ingest-bench
# shared (bench/lib/server.sh): the WildFly version, checks, build, server start and stop
source "$here/lib/server.sh"
wildfly="$here/target/wildfly-$wildfly_version"
out="$here/target/ingest-bench"
classpath="$here/target/lookout-bench.jar:$here/target/lib/*"
PG_DATABASE=${PG_DATABASE:-lookout_ingest_bench}
db_url="jdbc:postgresql://127.0.0.1:5432/$PG_DATABASE"

die() { echo "ingest-bench: $*" >&2; exit 1; }
case "$DB" in h2|postgresql) ;; *) die "DB must be h2 or postgresql" ;; esac
[[ "$PG_DATABASE" =~ ^[a-z_][a-z0-9_]*$ ]] || die "PG_DATABASE must be a plain lower-case name"
[[ "$PORT_OFFSET" =~ ^[0-9]+$ ]] && [ "$PORT_OFFSET" -gt 0 ] || die "PORT_OFFSET must be a positive number"
[[ "${HALF_RATE:-0}" =~ ^[0-9]+$ ]] || die "HALF_RATE must be a whole number of events per second (0: half of the capacity measured)"

case "${RESTART:-0}" in 0|1) ;; *) die "RESTART must be 0 or 1" ;; esac
[[ "${WARM_UP_SECONDS:-120}" =~ ^[0-9]+$ ]] && [ "${WARM_UP_SECONDS:-120}" -ge 20 ] || die "WARM_UP_SECONDS must be 20 or more"
case "${QUOTA_CHECK:-1}" in 1) quota_check=true ;; 0) quota_check=false ;; *) die "QUOTA_CHECK must be 1 or 0" ;; esac
trap stop_server EXIT
trap 'exit 130' INT TERM

require_free_ports "$http_port" "$mgmt_port"
mkdir -p "$out"

build_bench
unpack_wildfly
if [ "$DB" = postgresql ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)" -c "CREATE DATABASE $PG_DATABASE"
  # start from a clean slate: what an earlier run left dirty is written now, not during this one
  # (a checkpoint in the middle of a run writes every page it touches into the WAL again)
  psql -h 127.0.0.1 -U postgres -d postgres -q -c "CHECKPOINT"
fi
sync
# SERVER_OPTS unquoted: several options, split at spaces
server_opts=(-Dlookout.ingest.rate-limit.events-per-second=0 \
    -Dlookout.quota.events-per-minute=0 -Dlookout.quota.events-per-day=0 -Dlookout.quota.spike-factor=0 \
    -Dlookout.quota.enabled=$quota_check ${SERVER_OPTS:-})
BENCH_ENDPOINTS=1 start_server "$DB" "${server_opts[@]}"
jvm=$(pgrep -f "jboss.home.dir=$wildfly" | head -1)
echo "ingest-bench: Lookout on $DB (JVM pid $jvm, quota check $quota_check); load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
java -cp "$classpath" io.lookout.bench.IngestBench "http://127.0.0.1:$http_port" "$BENCH_KEY" admin "$jvm" "$LOAD_SECONDS" "$CLIENTS" "${HALF_RATE:-0}" \
  | tee "$out/results-$DB.txt"
cp "$wildfly/standalone/log/server.log" "$out/server-$DB.log" 2>/dev/null || true
if [ "${RESTART:-0}" = 1 ]; then
  capacity=$(sed -n 's/^| capacity (clients at full speed.*| \([0-9]*\) events\/s processed.*/\1/p' "$out/results-$DB.txt")
  [ -n "$capacity" ] && [ "$capacity" -gt 0 ] || die "no capacity in $out/results-$DB.txt to compare the warm-up with"
  stop_server
  KEEP_DATA=1 BENCH_ENDPOINTS=1 start_server "$DB" "${server_opts[@]}"
  echo "ingest-bench: restarted on the run's data; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Dwarm-up.capacity="$capacity" -cp "$classpath" io.lookout.bench.IngestBench "http://127.0.0.1:$http_port" \
      "$BENCH_KEY" admin 0 "${WARM_UP_SECONDS:-120}" "$CLIENTS" | tee "$out/warm-up-$DB.txt"
fi
