# Sourced by the benchmark scripts (bench/*.sh): what they share about their own WildFly, the
# checks before a run, the build, and starting the server.
# The caller sets: root (the project), wildfly (its WildFly directory), mgmt_port, and server_pid
# once it has started standalone.sh with setsid; BENCH_NAME names it in messages.

wildfly_version=$(sed -n 's:.*<version.wildfly>\(.*\)</version.wildfly>.*:\1:p' "$root/pom.xml")

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stops the server of server_pid, if any: a CLI shutdown, then TERM and KILL of its process group
# (standalone.sh was started with setsid: the group is the script and its JVM, nothing else).
server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    echo "${BENCH_NAME:-bench}: stopping the server (pid $server_pid)"
    "$wildfly/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$mgmt_port" --command=:shutdown >/dev/null 2>&1 || true
    for _ in $(seq 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 10); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  server_pid=
}

# Dies (the caller's die) when one of the ports is taken.
require_free_ports() {
  local port
  for port in "$@"; do
    if port_in_use "$port"; then die "port $port is in use: choose another PORT_OFFSET"; fi
  done
}

# Dies unless PostgreSQL answers at 127.0.0.1:5432 as postgres (the caller's PSQL array).
require_postgres() {
  command -v psql >/dev/null || die "psql is required"
  "${PSQL[@]}" -d postgres -Atc "SELECT 1" >/dev/null || die "cannot reach PostgreSQL at 127.0.0.1:5432 as postgres"
}

# Builds the EAR and the bench module with lookout-bench.war (tests skipped; log in $out/build.log),
# or with SKIP_BUILD=1 checks that they are built.
build_bench() {
  if [ "${SKIP_BUILD:-0}" = 1 ]; then
    [ -f "$root/ear/target/lookout.ear" ] && [ -f "$here/target/lookout-bench.jar" ] && [ -f "$here/target/lookout-bench.war" ] \
      || die "SKIP_BUILD=1 but nothing is built"
  else
    (cd "$root" && ./mvnw -q -ntp -DskipTests package -pl ear,bench -am) > "$out/build.log" 2>&1 \
      || { tail -40 "$out/build.log"; die "the build failed (log: $out/build.log)"; }
  fi
}

# The project key the scripts' servers bootstrap (and their clients send with).
BENCH_KEY=0123456789abcdef0123456789abcdef

# Whether every deployment named has its .deployed marker.
deployed() {
  local deployment
  for deployment in "$@"; do
    [ -f "$wildfly/standalone/deployments/$deployment.deployed" ] || return 1
  done
}

# Unpacks WildFly into $wildfly's directory unless it is there.
unpack_wildfly() {
  [ ! -x "$wildfly/bin/standalone.sh" ] || return 0
  (cd "$root" && ./mvnw -q -ntp -pl bench dependency:unpack@wildfly -Dbench.wildfly.dir="$(dirname "$wildfly")" \
      -Dmdep.overWriteReleases=true) > "$out/wildfly-unpack.log" 2>&1 \
    || { tail -20 "$out/wildfly-unpack.log"; die "cannot unpack WildFly"; }
}

# Configures $wildfly for database $1 (h2 or postgresql at $db_url), deploys the built EAR on a clean
# server (with BENCH_ENDPOINTS=1 also lookout-bench.war, the ingest benchmark's endpoints at
# /lookout-bench/; with KEEP_DATA=1 on the data the last start left) and starts it with setsid on
# 127.0.0.1 with port offset $PORT_OFFSET, admin password "admin", project key $BENCH_KEY and the
# server options that follow; sets server_pid and
# returns once /health/ready answers and the deployments are in (dies when the server exits, a
# deployment fails or 240 s pass).
start_server() {
  local db=$1 driver
  shift
  if [ "$db" = h2 ]; then
    driver="$root/ear/target/drivers/h2.jar"   # the embedded default's H2, copied by the ear build
  else
    driver=$(ls "$here"/target/lib/postgresql-*.jar | head -1)
  fi
  "$root/ear/src/main/wildfly/configure.sh" "$wildfly" "$db" "$driver"
  local deployments=(lookout.ear) deployment
  [ "${BENCH_ENDPOINTS:-0}" != 1 ] || deployments+=(lookout-bench.war)
  # KEEP_DATA=1: a restart on the data of the run before (the embedded database, the broker's journal)
  [ "${KEEP_DATA:-0}" = 1 ] || rm -rf "$wildfly/standalone/data"
  rm -rf "$wildfly/standalone/tmp" "$wildfly/standalone/log" \
    "$wildfly/standalone/deployments/lookout.ear"* "$wildfly/standalone/deployments/lookout-bench.war"*
  cp "$root/ear/target/lookout.ear" "$wildfly/standalone/deployments/lookout.ear"
  [ "${BENCH_ENDPOINTS:-0}" != 1 ] || cp "$here/target/lookout-bench.war" "$wildfly/standalone/deployments/lookout-bench.war"
  LOOKOUT_DB_URL="$db_url" LOOKOUT_DB_USER=postgres LOOKOUT_DB_PASSWORD=x \
    LOOKOUT_BOOTSTRAP_ADMIN_PASSWORD=admin LOOKOUT_BOOTSTRAP_PROJECT_KEY=$BENCH_KEY \
    LOOKOUT_PUBLIC_URL="http://127.0.0.1:$http_port" LAUNCH_JBOSS_IN_BACKGROUND=1 \
    JDK_JAVA_OPTIONS="${JFR:+-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true -XX:FlightRecorderOptions=stackdepth=256} ${SERVER_JVM_OPTS:-}" \
    setsid "$wildfly/bin/standalone.sh" -c standalone-full.xml -b 127.0.0.1 -bmanagement 127.0.0.1 \
      "-Djboss.socket.binding.port-offset=$PORT_OFFSET" "$@" > "$out/server-console.log" 2>&1 < /dev/null &
  server_pid=$!
  echo "${BENCH_NAME:-bench}: server pid $server_pid, console log $out/server-console.log"
  local started=$SECONDS
  until curl -sf --max-time 5 -o /dev/null "http://127.0.0.1:$mgmt_port/health/ready" && deployed "${deployments[@]}"; do
    kill -0 "$server_pid" 2>/dev/null || { tail -40 "$out/server-console.log"; die "the server exited"; }
    for deployment in "${deployments[@]}"; do
      [ ! -f "$wildfly/standalone/deployments/$deployment.failed" ] \
        || { cat "$wildfly/standalone/deployments/$deployment.failed"; die "the deployment of $deployment failed"; }
    done
    [ $((SECONDS - started)) -lt 240 ] || die "the server was not ready after 240 s"
    sleep 2
  done
  echo "${BENCH_NAME:-bench}: ready after $((SECONDS - started)) s: http://127.0.0.1:$http_port/"
}
