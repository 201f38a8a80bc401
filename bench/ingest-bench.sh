#!/usr/bin/env bash
# The ingest benchmark in one command (docs/benchmarks.md):
#   bench/ingest-bench.sh                 # H2, the embedded default
#   DB=postgresql bench/ingest-bench.sh   # PostgreSQL at 127.0.0.1:5432 (database PG_DATABASE [lookout_ingest_bench], recreated)
# Starts a fresh Lookout on its own WildFly (bench/target/wildfly-*) with a port offset (default 100:
# HTTP 8180, management 10090) with the benchmark's endpoints deployed beside it (lookout-bench.war,
# built by the bench module) and the per-key rate limit and the quotas' limits off (the benchmark measures capacity; the
# quotas still count every event, so their cost is in the numbers), runs IngestBench (edge ceiling,
# storage ceiling, the load, then the edge ceiling again on the warm server), prints the table and the summary line, and stops the server,
# always. Environment: DB [h2], LOAD_SECONDS [30] (not SECONDS: that is bash's clock), CLIENTS [8], PORT_OFFSET [100], SKIP_BUILD [0],
# SERVER_OPTS [] (more server options, e.g. -Dlookout.ingest.writers=1), SERVER_JVM_OPTS [] (options of the
# server JVM itself, e.g. -XX:+UseParallelGC), HALF_RATE [0: half of the
# capacity measured] (the latency phase's offered events/s, to compare two servers at one load),
# QUOTA_CHECK [1] (0: the server skips the quota check, -Dlookout.quota.enabled=false: the row without it, issue 22),
# ALERT_RULES [0] (alert rules created on the project before the load: issue 17 measures 20),
# GROUPING_RULES [0] (grouping rules put on the project before the load: issue 20 measures 20),
# JFR [] (a file: the server records a profile there, written when it stops; read it with
# `java bench/JfrShare.java FILE io.lookout.alerts. io.lookout.consume.`),
# RESTART [0] (1: then restarts the server on the run's data and measures its warm-up: the capacity
# phase from the first second, for WARM_UP_SECONDS [120], and when it first stores 80 % of its warm rate
# (the mean of the second half); issue 24),
# PG_STATEMENTS [0] (1, with DB=postgresql: PostgreSQL's own profile of the run — the statements by
# their share of the database's time, from pg_stat_statements, which PostgreSQL must preload:
# `pg_ctlcluster 15 main restart -- -o "-c shared_preload_libraries=pg_stat_statements"`, and what
# the database's sessions were doing, sampled every 0.2 s from pg_stat_activity; both in
# $out/pg-profile.txt; issue 24).
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
case "${PG_STATEMENTS:-0}" in 0) ;; 1) [ "$DB" = postgresql ] || die "PG_STATEMENTS=1 needs DB=postgresql" ;; *) die "PG_STATEMENTS must be 0 or 1" ;; esac
case "${QUOTA_CHECK:-1}" in 1) quota_check=true ;; 0) quota_check=false ;; *) die "QUOTA_CHECK must be 1 or 0" ;; esac
sampler=
stop_sampler() { [ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true; sampler=; }
trap 'stop_sampler; stop_server' EXIT
trap 'exit 130' INT TERM
pg() { psql -h 127.0.0.1 -U postgres -d "$PG_DATABASE" -v ON_ERROR_STOP=1 -q "$@"; }

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
  if [ "${PG_STATEMENTS:-0}" = 1 ]; then
    [ "$(pg -Atc "SHOW shared_preload_libraries")" = pg_stat_statements ] \
      || die "PG_STATEMENTS=1: PostgreSQL does not preload pg_stat_statements (see the comment at the top)"
    pg -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
  fi
fi
sync
# SERVER_OPTS unquoted: several options, split at spaces
server_opts=(-Dlookout.ingest.rate-limit.events-per-second=0 \
    -Dlookout.quota.events-per-minute=0 -Dlookout.quota.events-per-day=0 -Dlookout.quota.spike-factor=0 \
    -Dlookout.quota.enabled=$quota_check ${SERVER_OPTS:-})
BENCH_ENDPOINTS=1 start_server "$DB" "${server_opts[@]}"
jvm=$(pgrep -f "jboss.home.dir=$wildfly" | head -1)
echo "ingest-bench: Lookout on $DB (JVM pid $jvm, quota check $quota_check); load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
if [ "${PG_STATEMENTS:-0}" = 1 ]; then
  pg -Atc "SELECT pg_stat_statements_reset()" > /dev/null
  # one row per active session every 0.2 s: what it waits for (none: on the CPU)
  echo "SELECT now(), coalesce(wait_event_type, 'CPU'), coalesce(wait_event, 'running'), left(regexp_replace(query, '\s+', ' ', 'g'), 60)
      FROM pg_stat_activity WHERE datname = '$PG_DATABASE' AND state = 'active' AND pid <> pg_backend_pid() \\watch 0.2" \
      | psql -h 127.0.0.1 -U postgres -d "$PG_DATABASE" -q -At > "$out/pg-activity.txt" 2>/dev/null &
  sampler=$!
fi
java -cp "$classpath" io.lookout.bench.IngestBench "http://127.0.0.1:$http_port" "$BENCH_KEY" admin "$jvm" "$LOAD_SECONDS" "$CLIENTS" "${HALF_RATE:-0}" \
  | tee "$out/results-$DB.txt"
if [ "${PG_STATEMENTS:-0}" = 1 ]; then
  stop_sampler
  {
    echo "== PostgreSQL's time by statement (pg_stat_statements, the whole run: ceilings, capacity, half load)"
    pg -c "SELECT round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1) AS \"% time\",
        round((total_exec_time / 1000)::numeric) AS seconds, calls, round(mean_exec_time::numeric, 3) AS \"mean ms\", rows,
        round(100.0 * shared_blks_hit / nullif(shared_blks_hit + shared_blks_read, 0), 1) AS \"hit %\",
        wal_bytes / 1048576 AS \"WAL MB\", left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS statement
      FROM pg_stat_statements JOIN pg_database d ON d.oid = dbid WHERE d.datname = '$PG_DATABASE'
      ORDER BY total_exec_time DESC LIMIT 20"
    echo "== what the database's active sessions were doing (samples every 0.2 s)"
    awk -F'|' 'NF >= 3 { n[$2 " " $3]++; t++ } END { for (k in n) printf "%6d %5.1f %%  %s\n", n[k], 100 * n[k] / t, k }' \
        "$out/pg-activity.txt" | sort -rn | head -15
    echo "== the same, by statement (top 15)"
    awk -F'|' 'NF >= 4 { n[$2 " " $3 " | " $4]++; t++ } END { for (k in n) printf "%6d %5.1f %%  %s\n", n[k], 100 * n[k] / t, k }' \
        "$out/pg-activity.txt" | sort -rn | head -15
  } | tee "$out/pg-profile.txt"
fi
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
