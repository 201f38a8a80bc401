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
# With PROXY=nginx the pages and the senders reach Lookout through an nginx in front of it (the binary
# on the PATH: apt-get install nginx) configured as docs/deploy.md's "Behind a reverse proxy" shows,
# its per-client cap on the ingest paths PROXY_RATE requests a second with a burst of PROXY_BURST, of
# which PROXY_DELAY pass at once and the rest at the rate (nodelay: the whole burst at once); the
# capacity is still measured directly (the cap would throttle it). nginx is stopped with the server.
# With FLOOD=h2load the flood is sent by h2load (apt-get install nghttp2-client) instead of the
# benchmark's JVM: a few hundredths of a core instead of half of one, the nearest this machine comes
# to senders on another machine. WARM_UP_SECONDS of the capacity's load run before the capacity is
# measured (a fresh server stores a third of its warm rate in its first minute).
# Environment: DB [h2], PORT_OFFSET [100], SKIP_BUILD [0], CAPACITY [0: measured], IDLE_SECONDS [30],
# STORM_SECONDS [45], FACTOR [10], SERVER_OPTS [], PG_DATABASE [lookout_storm_bench], PROXY [none],
# PROXY_RATE [50], PROXY_BURST [200], PROXY_DELAY [20], FLOOD [java], WARM_UP_SECONDS [60], QUOTA_PER_MINUTE [0: half the
# capacity; 12000: what the shipped defaults admit to a project under 1,200 events a minute normally],
# PAGES_DIRECT [0; 1: with PROXY=nginx the pages are read past the proxy, the senders still go through it].
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
PROXY=${PROXY:-none}
PROXY_RATE=${PROXY_RATE:-50}
PROXY_BURST=${PROXY_BURST:-200}
PROXY_DELAY=${PROXY_DELAY:-20}
FLOOD=${FLOOD:-java}
WARM_UP_SECONDS=${WARM_UP_SECONDS:-60}
QUOTA_PER_MINUTE=${QUOTA_PER_MINUTE:-0}
PAGES_DIRECT=${PAGES_DIRECT:-0}
http_port=$((8080 + PORT_OFFSET))
mgmt_port=$((9990 + PORT_OFFSET))
proxy_port=$((8081 + PORT_OFFSET))
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
case "$PROXY" in none|nginx) ;; *) die "PROXY must be none or nginx" ;; esac
[[ "$PROXY_RATE" =~ ^[1-9][0-9]*$ ]] || die "PROXY_RATE must be a positive whole number of requests a second"
[[ "$PROXY_BURST" =~ ^[1-9][0-9]*$ ]] || die "PROXY_BURST must be a positive whole number of requests (nginx refuses burst=0)"
[[ "$PROXY_DELAY" =~ ^([0-9]+|nodelay)$ ]] || die "PROXY_DELAY must be a whole number of requests or nodelay"
case "$FLOOD" in java|h2load) ;; *) die "FLOOD must be java or h2load" ;; esac
[ "$FLOOD" = java ] || command -v h2load >/dev/null || die "FLOOD=h2load needs h2load on the PATH (apt-get install nghttp2-client)"
[[ "$WARM_UP_SECONDS" =~ ^[0-9]+$ ]] || die "WARM_UP_SECONDS must be a whole number of seconds"
[[ "$QUOTA_PER_MINUTE" =~ ^[0-9]+$ ]] || die "QUOTA_PER_MINUTE must be a whole number of events (0: half the capacity)"
case "$PAGES_DIRECT" in 0|1) ;; *) die "PAGES_DIRECT must be 0 or 1" ;; esac
[ "$PROXY" = none ] || command -v nginx >/dev/null || die "PROXY=nginx needs nginx on the PATH (apt-get install nginx)"

# nginx in front of the server, as docs/deploy.md configures it (without TLS: loopback), its files
# under $out/nginx; stopped by stop_proxy
proxy_dir="$out/nginx"
proxy_started=0
start_proxy() {
  rm -rf "$proxy_dir" && mkdir -p "$proxy_dir"
  cat > "$proxy_dir/nginx.conf" <<CONF
worker_processes auto;
worker_rlimit_nofile 16384;
pid $proxy_dir/nginx.pid;
error_log $proxy_dir/error.log error;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 8192; }
http {
    access_log off;
    client_max_body_size 21m;
    client_body_buffer_size 1m;
    client_body_temp_path $proxy_dir/body;
    proxy_temp_path $proxy_dir/proxy;
    fastcgi_temp_path $proxy_dir/fastcgi;
    uwsgi_temp_path $proxy_dir/uwsgi;
    scgi_temp_path $proxy_dir/scgi;
    upstream lookout {
        server 127.0.0.1:$http_port;
        keepalive 32;
    }
    limit_req_zone \$binary_remote_addr zone=lookout_ingest:10m rate=${PROXY_RATE}r/s;
    server {
        listen 127.0.0.1:$proxy_port;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host \$http_host;
        location ~ ^/api/[0-9]+/(events|envelope|store) {
            limit_req zone=lookout_ingest burst=$PROXY_BURST $( [ "$PROXY_DELAY" = nodelay ] && echo nodelay || echo "delay=$PROXY_DELAY");
            limit_req_status 429;
            limit_req_log_level warn;
            error_page 429 = @lookout_refused;
            proxy_pass http://lookout;
        }
        location @lookout_refused {
            add_header Retry-After 1 always;
            add_header X-Sentry-Rate-Limits "1::organization" always;
            default_type application/json;
            return 429 '{"error": "too many requests from this address"}';
        }
        location / {
            proxy_pass http://lookout;
        }
    }
}
CONF
  nginx -p "$proxy_dir" -c "$proxy_dir/nginx.conf" || die "nginx did not start (config: $proxy_dir/nginx.conf)"
  proxy_started=1
  echo "dashboard-storm: nginx in front at http://127.0.0.1:$proxy_port/ (ingest capped at $PROXY_RATE requests/s per address, burst $PROXY_BURST, of which $PROXY_DELAY at once)"
}
stop_proxy() {
  [ "$proxy_started" = 1 ] && [ -f "$proxy_dir/nginx.pid" ] || return 0
  proxy_started=0
  local pid
  pid=$(cat "$proxy_dir/nginx.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 10); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
}

trap 'stop_proxy; stop_server' EXIT
trap 'exit 130' INT TERM

# h2load's 2,000 connections, and the server's end of them
[ "$FLOOD" = java ] || ulimit -n 16384 2>/dev/null || true
require_free_ports "$http_port" "$mgmt_port"
[ "$PROXY" = none ] || require_free_ports "$proxy_port"
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
proxy_url=
if [ "$PROXY" = nginx ]; then
  start_proxy
  proxy_url="http://127.0.0.1:$proxy_port"
fi
echo "dashboard-storm: Lookout on $DB; load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
java -Dstorm.flood="$FLOOD" -Dstorm.pages-direct="$([ "$PAGES_DIRECT" = 1 ] && echo true || echo false)" -Dstorm.warm-up="$WARM_UP_SECONDS" -Dstorm.quota-per-minute="$QUOTA_PER_MINUTE" -cp "$classpath" io.lookout.bench.DashboardStormBench "http://127.0.0.1:$http_port" "$BENCH_KEY" admin \
    "$CAPACITY" "$IDLE_SECONDS" "$STORM_SECONDS" "$FACTOR" $proxy_url | tee "$out/results-$DB${proxy_url:+-nginx}$([ "$PAGES_DIRECT" = 1 ] && echo -pages-direct)-$FLOOD.txt"
echo "dashboard-storm: load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
cp "$wildfly/standalone/log/server.log" "$out/server-$DB.log" 2>/dev/null || true
