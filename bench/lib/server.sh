# Sourced by the benchmark scripts (bench/*.sh): what they share about their own WildFly, the
# checks before a run and the build.
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

# Builds the EAR and the bench module (tests skipped; log in $out/build.log), or with SKIP_BUILD=1
# checks that they are built.
build_bench() {
  if [ "${SKIP_BUILD:-0}" = 1 ]; then
    [ -f "$root/ear/target/lookout.ear" ] && [ -f "$here/target/lookout-bench.jar" ] || die "SKIP_BUILD=1 but nothing is built"
  else
    (cd "$root" && ./mvnw -q -ntp -DskipTests package -pl ear,bench -am) > "$out/build.log" 2>&1 \
      || { tail -40 "$out/build.log"; die "the build failed (log: $out/build.log)"; }
  fi
}
