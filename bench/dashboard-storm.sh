#!/usr/bin/env bash
# The dashboard under a storm (issue 22; docs/benchmarks.md, "Dashboard under a storm"):
#   bench/dashboard-storm.sh                 # H2, the embedded default
#   DB=postgresql bench/dashboard-storm.sh   # PostgreSQL at 127.0.0.1:5432 (database PG_DATABASE [lookout_storm_bench], recreated)
# Starts a fresh Lookout on its own WildFly (bench/target/dashboard-storm/wildfly-*) with a port offset
# (default 100: HTTP 8180, management 10090) and the ingest benchmark's endpoints beside it, the
# per-key rate limit and the default quotas off (project 1's own quota is what throttles), and runs DashboardStormBench: the capacity
# (measured as bench/ingest-bench.sh does, unless CAPACITY is given), project 1's quota set to half
# of it a minute, the dashboard's p95 idle, then while senders send at the quota's rate and during three
# storms of FACTOR times the capacity on project 1 (each once the queue is empty: by senders that back
# off on a 429 as the Sentry SDKs do, by senders that ignore it but wait for each answer, by a flood that
# waits for nothing), and each one's ratio to idle (the target: under 2). Stops the server, always.
# Environment: DB [h2], PORT_OFFSET [100], SKIP_BUILD [0], CAPACITY [0: measured], IDLE_SECONDS [30],
# STORM_SECONDS [45], FACTOR [10], SERVER_OPTS [], PG_DATABASE [lookout_storm_bench].
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DB=${DB:-h2}
PORT_OFFSET=${PORT_OFFSET:-100}
SKIP_BUILD=${SKIP_BUILD:-0}
CAPACITY=${CAPACITY:-0}
IDLE_SECONDS=${IDLE_SECONDS:-30}
STORM_SECONDS=${STORM_SECONDS:-45}
FACTOR=${FACTOR:-10}
PG_DATABASE=${PG_DATABASE:-lookout_storm_bench}
http_port=$((8080 + PORT_OFFSET))
mgmt_port=$((9990 + PORT_OFFSET))
BENCH_NAME=dashboard-storm
# shared (bench/lib/server.sh): the WildFly version, checks, build, server start and stop
source "$here/lib/server.sh"
out="$here/target/dashboard-storm"
wildfly="$out/wildfly-$wildfly_version"
classpath="$here/target/lookout-bench.jar:$here/target/lib/*"
db_url="jdbc:postgresql://127.0.0.1:5432/$PG_DATABASE"

die() { echo "dashboard-storm: $*" >&2; exit 1; }
case "$DB" in h2|postgresql) ;; *) die "DB must be h2 or postgresql" ;; esac
[[ "$PG_DATABASE" =~ ^[a-z_][a-z0-9_]*$ ]] || die "PG_DATABASE must be a plain lower-case name"
[[ "$PORT_OFFSET" =~ ^[0-9]+$ ]] && [ "$PORT_OFFSET" -gt 0 ] || die "PORT_OFFSET must be a positive number"
[[ "$CAPACITY" =~ ^[0-9]+$ ]] || die "CAPACITY must be a whole number of events per second (0: measured)"
[[ "$IDLE_SECONDS" =~ ^[0-9]+$ ]] && [ "$IDLE_SECONDS" -ge 10 ] || die "IDLE_SECONDS must be 10 or more"
[[ "$STORM_SECONDS" =~ ^[0-9]+$ ]] && [ "$STORM_SECONDS" -ge 15 ] || die "STORM_SECONDS must be 15 or more"
[[ "$FACTOR" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "FACTOR must be a number"

trap stop_server EXIT
trap 'exit 130' INT TERM

require_free_ports "$http_port" "$mgmt_port"
mkdir -p "$out"

build_bench
unpack_wildfly
if [ "$DB" = postgresql ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)" -c "CREATE DATABASE $PG_DATABASE"
fi
# SERVER_OPTS unquoted: several options, split at spaces
# the server's default quotas off (as bench/ingest-bench.sh): the capacity phase is not throttled by
# project 1's spike floor; the storm's limit is project 1's own quota, which the benchmark sets
BENCH_ENDPOINTS=1 start_server "$DB" -Dlookout.ingest.rate-limit.events-per-second=0 \
    -Dlookout.quota.events-per-minute=0 -Dlookout.quota.events-per-day=0 -Dlookout.quota.spike-factor=0 ${SERVER_OPTS:-}
echo "dashboard-storm: Lookout on $DB; load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
java -cp "$classpath" io.lookout.bench.DashboardStormBench "http://127.0.0.1:$http_port" "$BENCH_KEY" admin \
    "$CAPACITY" "$IDLE_SECONDS" "$STORM_SECONDS" "$FACTOR" | tee "$out/results-$DB.txt"
echo "dashboard-storm: load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
cp "$wildfly/standalone/log/server.log" "$out/server-$DB.log" 2>/dev/null || true
