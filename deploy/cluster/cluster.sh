#!/usr/bin/env bash
# Lookout as a cluster on one machine (docs/scaling.md): the ActiveMQ Artemis pair (broker.sh), two
# or three WildFly nodes with the same EAR on the pair and one PostgreSQL, and a WildFly balancer in
# front of them: the one address users and senders see. For developers, for the failure test
# (ClusterFailoverIT) and as a template for admins (each step is the one docs/scaling.md describes
# for separate machines).
#
#   cluster.sh start|stop|status|address
#   cluster.sh kill-node N|stop-node N|start-node N
#
# start       the primary and the backup broker, then the nodes one after the other (each waits until
#             /health/ready answers: the first one migrates the schema), then the balancer; prints
#             the address. Whatever runs already is left alone, so start also restarts what died.
# stop        the balancer, the nodes (SIGTERM, SIGKILL after 60 s), the backup broker, the primary
# status      "what pid" of each part ("stopped" when it is not running) and the address
# kill-node N SIGKILL to node N (as kill -9); stop-node N a clean stop; start-node N starts it again
#
# Environment [defaults]:
#   JBOSS_HOME           a WildFly 39 configured for PostgreSQL by ear/src/main/wildfly/configure.sh
#                        [the one the build unpacks: it-tests/target/wildfly-39.0.1.Final, built with -Ppostgresql]
#   ARTEMIS_HOME         an unpacked apache-artemis 2.40.0 [it-tests/target/apache-artemis-2.40.0]
#   LOOKOUT_EAR          the EAR [ear/target/lookout.ear]
#   LOOKOUT_CLUSTER_DIR  where the brokers', nodes' and balancer's files live [./lookout-cluster]
#   LOOKOUT_CLUSTER_NODES            how many nodes [2]
#   LOOKOUT_CLUSTER_PORT_OFFSET      the balancer's port offset B: it serves on 8080+B (management
#                                    9990+B); node N on offset B+10*N; brokers on 61701+B and 61702+B [0]
#   LOOKOUT_CLUSTER_DB   the PostgreSQL database [lookout_cluster], on LOOKOUT_DB_HOST [127.0.0.1:5432];
#                        or the whole LOOKOUT_DB_URL. It must exist (createdb); the nodes migrate it.
#   LOOKOUT_DB_USER / LOOKOUT_DB_PASSWORD            its login [lookout / lookout]
#   LOOKOUT_BROKER_USER / LOOKOUT_BROKER_PASSWORD    the brokers' login [lookout / lookout]
#   LOOKOUT_NODE_JAVA_OPTS   the nodes' JVM options [-Xms256m -Xmx1g]
#   every other LOOKOUT_* setting (LOOKOUT_BOOTSTRAP_ADMIN_PASSWORD, ...) reaches the nodes as it is.
# Processes are found by their directory on the command line (jboss.server.base.dir,
# artemis.instance): only this cluster's are ever signalled.
set -euo pipefail
action=${1:?start, stop, status, address, kill-node N, stop-node N or start-node N}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# the CLI scripts: in the repository, or beside deploy/ in the release bundle
wildfly="$repo/ear/src/main/wildfly"
[ -d "$wildfly" ] || wildfly="$repo/wildfly"

jboss_home=${JBOSS_HOME:-$repo/it-tests/target/wildfly-39.0.1.Final}
artemis_home=${ARTEMIS_HOME:-$repo/it-tests/target/apache-artemis-2.40.0}
ear=${LOOKOUT_EAR:-$repo/ear/target/lookout.ear}
dir=${LOOKOUT_CLUSTER_DIR:-$PWD/lookout-cluster}
nodes=${LOOKOUT_CLUSTER_NODES:-2}
base=${LOOKOUT_CLUSTER_PORT_OFFSET:-0}
db_url=${LOOKOUT_DB_URL:-jdbc:postgresql://${LOOKOUT_DB_HOST:-127.0.0.1:5432}/${LOOKOUT_CLUSTER_DB:-lookout_cluster}}
export LOOKOUT_BROKER_PRIMARY=${LOOKOUT_BROKER_PRIMARY:-127.0.0.1:$((61701 + base))}
export LOOKOUT_BROKER_BACKUP=${LOOKOUT_BROKER_BACKUP:-127.0.0.1:$((61702 + base))}
export LOOKOUT_DB_URL=$db_url
export LOOKOUT_DB_USER=${LOOKOUT_DB_USER:-lookout}
export LOOKOUT_DB_PASSWORD=${LOOKOUT_DB_PASSWORD:-lookout}
address="http://127.0.0.1:$((8080 + base))"
export LOOKOUT_PUBLIC_URL=${LOOKOUT_PUBLIC_URL:-$address}

[[ "$nodes" =~ ^[1-9]$ ]] || { echo "cluster.sh: LOOKOUT_CLUSTER_NODES is 1 to 9, not $nodes" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

node_offset() { echo $((base + 10 * $1)); }

# the pids whose command line names the server base directory $1
pids_of() {
  pgrep -f -- "-Djboss.server.base.dir=$1( |$)" || true
}

brokers() {
  bash "$here/broker.sh" "$artemis_home" "$dir/brokers" "$@"
}

# a node's or the balancer's base directory, made on its first start from JBOSS_HOME's configuration
prepare_server() {
  local server=$1 kind=$2
  [ -f "$server/configuration/.lookout-cluster" ] && return
  rm -rf "$server"
  mkdir -p "$server/deployments" "$server/data" "$server/log"
  cp -r "$jboss_home/standalone/configuration" "$server/"
  if [ "$kind" = node ]; then
    grep -q 'org.postgresql' "$server/configuration/standalone-full.xml" || {
      echo "cluster.sh: $jboss_home is not configured for PostgreSQL (configure.sh JBOSS_HOME postgresql DRIVER_JAR)" >&2
      exit 1
    }
    bash "$wildfly/remote-broker.sh" "$jboss_home" "tcp://$LOOKOUT_BROKER_PRIMARY,tcp://$LOOKOUT_BROKER_BACKUP" "$server"
    # behind the balancer: the client's address and scheme from its X-Forwarded-* headers (the
    # balancer sets them, replacing a client's), or the login throttle and the audit log would see the
    # balancer's address for everyone (deploy.md, "TLS"); the nodes listen on 127.0.0.1 only
    echo "Applying proxy-address-forwarding to $server"
    printf '%s\n' "embed-server --server-config=standalone-full.xml --std-out=discard" \
      "/subsystem=undertow/server=default-server/http-listener=default:write-attribute(name=proxy-address-forwarding, value=true)" \
      "stop-embedded-server" > "$server/log/proxy-address-forwarding.cli"
    "$jboss_home/bin/jboss-cli.sh" -Djboss.server.base.dir="$server" --file="$server/log/proxy-address-forwarding.cli" \
      > "$server/log/proxy-address-forwarding.log" 2>&1 \
      || { cat "$server/log/proxy-address-forwarding.log" >&2; exit 1; }
    cp "$ear" "$server/deployments/lookout.ear"
  else
    local list="" n
    for n in $(seq 1 "$nodes"); do
      list+="${list:+,}node-$n=http://127.0.0.1:$((8080 + $(node_offset "$n")))"
    done
    bash "$wildfly/balancer.sh" "$jboss_home" "$list" "$server"
  fi
  touch "$server/configuration/.lookout-cluster"
}

# starts a server in the background and waits until its management port says it is ready
start_server() {
  local name=$1 server=$2 config=$3 offset=$4
  shift 4
  if [ -n "$(pids_of "$server")" ]; then
    echo "$name runs already (pid $(pids_of "$server" | head -n 1))"
    return
  fi
  rm -f "$server/deployments/lookout.ear.failed"
  echo "Starting $name ($server, port offset $offset)"
  LAUNCH_JBOSS_IN_BACKGROUND=1 nohup bash "$jboss_home/bin/standalone.sh" -c "$config" -b 127.0.0.1 \
    -bmanagement 127.0.0.1 "-Djboss.server.base.dir=$server" "-Djboss.socket.binding.port-offset=$offset" "$@" \
    >> "$server/log/console.log" 2>&1 < /dev/null &
  local started=$! ready="http://127.0.0.1:$((9990 + offset))/health/ready"
  for _ in $(seq 1 600); do
    if ! kill -0 "$started" 2>/dev/null; then
      echo "cluster.sh: $name exited while starting:" >&2
      tail -n 30 "$server/log/console.log" >&2
      exit 1
    fi
    if [ -f "$server/deployments/lookout.ear.failed" ]; then
      echo "cluster.sh: $name could not deploy Lookout:" >&2
      cat "$server/deployments/lookout.ear.failed" >&2
      exit 1
    fi
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ready")" = 200 ]; then
      echo "$name is ready ($(pids_of "$server" | head -n 1))"
      return
    fi
    sleep 0.5
  done
  echo "cluster.sh: $name was not ready after 300 s:" >&2
  tail -n 30 "$server/log/console.log" >&2
  exit 1
}

start_node() {
  local n=$1 server="$dir/node-$1"
  [[ "$n" =~ ^[1-9]$ ]] && [ "$n" -le "$nodes" ] || { echo "cluster.sh: no node $n (1 to $nodes)" >&2; exit 2; }
  prepare_server "$server" node
  # jboss.node.name: the node's route (its session ids end with .node-N, the balancer keeps a browser
  # there); jboss.tx.node.id: the transaction manager's node id, which must differ between nodes that
  # share the broker and the database (XA recovery would otherwise take the other node's transactions)
  JAVA_OPTS="${LOOKOUT_NODE_JAVA_OPTS:--Xms256m -Xmx1g} -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=512m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true" \
    start_server "node-$n" "$server" standalone-full.xml "$(node_offset "$n")" \
    "-Djboss.node.name=node-$n" "-Djboss.tx.node.id=node-$n"
}

start_balancer() {
  prepare_server "$dir/balancer" balancer
  JAVA_OPTS="-Xms64m -Xmx256m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true" \
    start_server balancer "$dir/balancer" standalone.xml "$base" -Djboss.node.name=balancer
}

# the server's JVM alone, without the standalone.sh that started it
jvm_of() {
  pgrep -f -- "^[^ ]*java .*-Djboss.server.base.dir=$1( |$)" || true
}

# signal $2 to the processes of server directory $1; waits until they are gone (SIGKILL after 60 s).
# Once the JVM has exited, standalone.sh goes with SIGKILL: started in the background, it waits for
# the JVM in a loop that takes the JVM's exit status after a SIGTERM (143) for a signal it received
# itself, and goes round printing so until bash forgets the status, up to a minute later
signal_server() {
  local name=$1 server=$2 sig=$3 pids
  pids=$(pids_of "$server")
  [ -z "$pids" ] && { echo "$name is not running"; return; }
  # shellcheck disable=SC2086
  kill "-$sig" $pids 2>/dev/null || true
  for _ in $(seq 1 120); do
    if [ -z "$(jvm_of "$server")" ]; then
      # shellcheck disable=SC2046
      kill -KILL $(pids_of "$server") 2>/dev/null || true
      echo "$name stopped (SIG$sig)"
      return
    fi
    sleep 0.5
  done
  echo "$name still runs 60 s after SIG$sig: SIGKILL"
  # shellcheck disable=SC2086
  kill -KILL $(pids_of "$server") 2>/dev/null || true
}

node_arg() {
  local n=${1:?node number}
  [[ "$n" =~ ^[1-9]$ ]] && [ "$n" -le "$nodes" ] || { echo "cluster.sh: no node $n (1 to $nodes)" >&2; exit 2; }
  echo "$n"
}

case "$action" in
  start)
    [ -f "$ear" ] || { echo "cluster.sh: no EAR at $ear (build it, or set LOOKOUT_EAR)" >&2; exit 1; }
    brokers start both
    # the nodes and the balancer start side by side (each waits for its own readiness): on the first
    # start of an empty database the nodes migrate and bootstrap together, which they do once (Flyway's
    # lock, the bootstrap's insert-if-absent); one after another took a minute longer on two cores
    starting=()
    for n in $(seq 1 "$nodes"); do start_node "$n" & starting+=($!); done
    start_balancer & starting+=($!)
    failed=0
    for pid in "${starting[@]}"; do wait "$pid" || failed=1; done
    [ "$failed" = 0 ] || { echo "cluster.sh: not every server started (above); cluster.sh stop stops the others" >&2; exit 1; }
    echo "Lookout serves at $address"
    ;;
  stop)
    signal_server balancer "$dir/balancer" TERM
    for n in $(seq 1 "$nodes"); do signal_server "node-$n" "$dir/node-$n" TERM; done
    brokers stop backup
    brokers stop primary
    ;;
  status)
    brokers status both
    for n in $(seq 1 "$nodes"); do echo "node-$n $(pids_of "$dir/node-$n" | tail -n 1 | grep . || echo stopped)"; done
    echo "balancer $(pids_of "$dir/balancer" | tail -n 1 | grep . || echo stopped)"
    echo "address $address"
    ;;
  address) echo "$address" ;;
  kill-node) n=$(node_arg "${2:-}"); signal_server "node-$n" "$dir/node-$n" KILL ;;
  stop-node) n=$(node_arg "${2:-}"); signal_server "node-$n" "$dir/node-$n" TERM ;;
  start-node) n=$(node_arg "${2:-}"); start_node "$n" ;;
  *) echo "cluster.sh: start, stop, status, address, kill-node N, stop-node N or start-node N, not $action" >&2; exit 2 ;;
esac
