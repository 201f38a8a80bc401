#!/usr/bin/env bash
# The ingest benchmark in one command (docs/benchmarks.md):
#   bench/ingest-bench.sh                 # H2, the embedded default
#   DB=postgresql bench/ingest-bench.sh   # PostgreSQL at 127.0.0.1:5432 (database lookout_ingest_bench, recreated)
# Starts a fresh Lookout on its own WildFly (bench/target/wildfly-*) with a port offset (default 100:
# HTTP 8180, management 10090) with the benchmark endpoints on and the per-key rate limit off (the
# benchmark measures capacity), runs IngestBench (edge ceiling,
# storage ceiling, then the load), prints the table and the summary line, and stops the server,
# always. Environment: DB [h2], LOAD_SECONDS [30] (not SECONDS: that is bash's clock), CLIENTS [8], PORT_OFFSET [100], SKIP_BUILD [0],
# SERVER_OPTS [] (more server options, e.g. -Dlookout.ingest.writers=1).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DB=${DB:-h2}
LOAD_SECONDS=${LOAD_SECONDS:-30}
CLIENTS=${CLIENTS:-8}
PORT_OFFSET=${PORT_OFFSET:-100}
SKIP_BUILD=${SKIP_BUILD:-0}
KEY=0123456789abcdef0123456789abcdef
http_port=$((8080 + PORT_OFFSET))
mgmt_port=$((9990 + PORT_OFFSET))
BENCH_NAME=ingest-bench
# shared: wildfly_version, port_in_use, server_pid, stop_server
source "$here/lib/server.sh"
wildfly="$here/target/wildfly-$wildfly_version"
out="$here/target/ingest-bench"
classpath="$here/target/lookout-bench.jar:$here/target/lib/*"
db_url="jdbc:postgresql://127.0.0.1:5432/lookout_ingest_bench"

die() { echo "ingest-bench: $*" >&2; exit 1; }
case "$DB" in h2|postgresql) ;; *) die "DB must be h2 or postgresql" ;; esac
[[ "$PORT_OFFSET" =~ ^[0-9]+$ ]] && [ "$PORT_OFFSET" -gt 0 ] || die "PORT_OFFSET must be a positive number"

trap stop_server EXIT
trap 'exit 130' INT TERM

require_free_ports "$http_port" "$mgmt_port"
mkdir -p "$out"

build_bench
if [ ! -x "$wildfly/bin/standalone.sh" ]; then
  rm -rf "$here/target/dependency-maven-plugin-markers"
  (cd "$root" && ./mvnw -q -ntp -pl bench dependency:unpack@wildfly) > "$out/wildfly-unpack.log" 2>&1 \
    || { tail -20 "$out/wildfly-unpack.log"; die "cannot unpack WildFly"; }
fi
driver=$(ls "$here"/target/lib/postgresql-*.jar | head -1)
"$root/ear/src/main/wildfly/configure.sh" "$wildfly" "$DB" "$driver"
rm -rf "$wildfly/standalone/data" "$wildfly/standalone/tmp" "$wildfly/standalone/log" "$wildfly/standalone/deployments/lookout.ear"*
if [ "$DB" = postgresql ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "DROP DATABASE IF EXISTS lookout_ingest_bench WITH (FORCE)" -c "CREATE DATABASE lookout_ingest_bench"
fi
cp "$root/ear/target/lookout.ear" "$wildfly/standalone/deployments/lookout.ear"
LOOKOUT_DB_URL="$db_url" LOOKOUT_DB_USER=postgres LOOKOUT_DB_PASSWORD=x \
  LOOKOUT_BOOTSTRAP_ADMIN_PASSWORD=admin LOOKOUT_BOOTSTRAP_PROJECT_KEY=$KEY LAUNCH_JBOSS_IN_BACKGROUND=1 \
  setsid "$wildfly/bin/standalone.sh" -c standalone-full.xml -b 127.0.0.1 -bmanagement 127.0.0.1 \
    "-Djboss.socket.binding.port-offset=$PORT_OFFSET" -Dlookout.bench.enabled=true \
    -Dlookout.ingest.rate-limit.events-per-second=0 ${SERVER_OPTS:-} \
    > "$out/server-console.log" 2>&1 < /dev/null &
server_pid=$!
started=$SECONDS
until curl -sf -o /dev/null "http://127.0.0.1:$mgmt_port/health/ready"; do
  kill -0 "$server_pid" 2>/dev/null || { tail -40 "$out/server-console.log"; die "the server exited"; }
  [ $((SECONDS - started)) -lt 240 ] || die "the server was not ready after 240 s"
  sleep 2
done
jvm=$(pgrep -f "jboss.home.dir=$wildfly" | head -1)
echo "ingest-bench: Lookout on $DB ready after $((SECONDS - started)) s (JVM pid $jvm); load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
java -cp "$classpath" io.lookout.bench.IngestBench "http://127.0.0.1:$http_port" "$KEY" admin "$jvm" "$LOAD_SECONDS" "$CLIENTS" \
  | tee "$out/results-$DB.txt"
cp "$wildfly/standalone/log/server.log" "$out/server-$DB.log" 2>/dev/null || true
