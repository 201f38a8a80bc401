# Sourced by the benchmark scripts (bench/*.sh): what they share about their own WildFly.
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
