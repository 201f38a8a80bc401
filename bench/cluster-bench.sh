#!/usr/bin/env bash
# The ingest benchmark against a cluster on this machine (docs/scaling.md, "Capacity model"):
#   NODES=1 bench/cluster-bench.sh    # one node behind the balancer
#   NODES=2 bench/cluster-bench.sh    # two nodes: same broker pair, same PostgreSQL, same balancer
# Starts deploy/cluster/cluster.sh's cluster (the Artemis primary/backup pair, NODES WildFly nodes on
# PostgreSQL at 127.0.0.1:5432, database PG_DATABASE [lookout_cluster_bench], recreated; the balancer)
# from the bench's own WildFly and Artemis (bench/target/cluster, unpacked by the bench module), with
# the benchmark's endpoints (lookout-bench.war) deployed on every node and the per-key rate limit and the
# quotas' limits off as in ingest-bench.sh; runs IngestBench through the balancer's address and reports
# the CPU time per stored event of each part (the nodes, each broker, the balancer, every postgres
# process of the machine); stops the cluster, always. Environment: NODES [2], LOAD_SECONDS [10: the
# burst's backlog must drain, a remote queue cannot be emptied], CLIENTS [8], PORT_OFFSET [200: the
# balancer on 8080+200, node N on 200+10N, the brokers on 61901/61902], SKIP_BUILD [0], HALF_RATE [0],
# BUDGET_SECONDS [330], NODE_HEAP [-Xms256m -Xmx1g], JFR [] (a directory: with NODES=1 the node records a
# profile there, node.jfr, written when the cluster stops; read it with bench/JfrTop.java).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
NODES=${NODES:-2}
LOAD_SECONDS=${LOAD_SECONDS:-10}
CLIENTS=${CLIENTS:-8}
PORT_OFFSET=${PORT_OFFSET:-200}
SKIP_BUILD=${SKIP_BUILD:-0}
PG_DATABASE=${PG_DATABASE:-lookout_cluster_bench}
BENCH_NAME=cluster-bench
source "$here/lib/server.sh"
artemis_version=$(sed -n 's:.*<version.artemis-broker>\(.*\)</version.artemis-broker>.*:\1:p' "$root/pom.xml")
cluster_home="$here/target/cluster"
wildfly="$cluster_home/wildfly-$wildfly_version"
artemis="$cluster_home/apache-artemis-$artemis_version"
out="$here/target/cluster-bench"
run="$out/nodes-$NODES"
classpath="$here/target/lookout-bench.jar:$here/target/lib/*"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)

die() { echo "cluster-bench: $*" >&2; exit 1; }
[[ "$NODES" =~ ^[1-9]$ ]] || die "NODES is 1 to 9"
[ -z "${JFR:-}" ] || [ "$NODES" = 1 ] || die "JFR records one node: NODES=1"
[[ "$PG_DATABASE" =~ ^[a-z_][a-z0-9_]*$ ]] || die "PG_DATABASE must be a plain lower-case name"
[[ "$PORT_OFFSET" =~ ^[0-9]+$ ]] && [ "$PORT_OFFSET" -gt 0 ] || die "PORT_OFFSET must be a positive number"
[[ "${HALF_RATE:-0}" =~ ^[0-9]+$ ]] || die "HALF_RATE must be a whole number of events per second"
require_postgres
ports=($((8080 + PORT_OFFSET)) $((9990 + PORT_OFFSET)) $((61701 + PORT_OFFSET)) $((61702 + PORT_OFFSET)))
for n in $(seq 1 "$NODES"); do ports+=($((8080 + PORT_OFFSET + 10 * n)) $((9990 + PORT_OFFSET + 10 * n))); done
require_free_ports "${ports[@]}"
mkdir -p "$out"
[ -z "${JFR:-}" ] || { mkdir -p "$JFR" && JFR=$(cd "$JFR" && pwd); }

export JBOSS_HOME="$wildfly" ARTEMIS_HOME="$artemis" LOOKOUT_EAR="$root/ear/target/lookout.ear"
export LOOKOUT_CLUSTER_DIR="$run" LOOKOUT_CLUSTER_NODES="$NODES" LOOKOUT_CLUSTER_PORT_OFFSET="$PORT_OFFSET"
export LOOKOUT_DB_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DATABASE" LOOKOUT_DB_USER=postgres LOOKOUT_DB_PASSWORD=x
export LOOKOUT_BOOTSTRAP_ADMIN_PASSWORD=admin LOOKOUT_BOOTSTRAP_PROJECT_KEY=$BENCH_KEY
export LOOKOUT_NODE_JAVA_OPTS="${NODE_HEAP:--Xms256m -Xmx1g} -Dlookout.ingest.rate-limit.events-per-second=0 \
-Dlookout.quota.events-per-minute=0 -Dlookout.quota.events-per-day=0 -Dlookout.quota.spike-factor=0\
${JFR:+ -XX:StartFlightRecording=filename=$JFR/node.jfr,settings=profile,dumponexit=true -XX:FlightRecorderOptions=stackdepth=256}"
cluster() { bash "$root/deploy/cluster/cluster.sh" "$@"; }
stop_cluster() { [ -d "$run" ] && cluster stop > "$out/stop-$NODES.log" 2>&1 || true; }
trap stop_cluster EXIT
trap 'exit 130' INT TERM

build_bench
unpack_wildfly
[ -x "$artemis/bin/artemis" ] || (cd "$root" && ./mvnw -q -ntp -pl bench dependency:unpack@artemis \
    -Dbench.wildfly.dir="$cluster_home" -Dmdep.overWriteReleases=true) > "$out/artemis-unpack.log" 2>&1 \
  || { tail -20 "$out/artemis-unpack.log"; die "cannot unpack Artemis"; }
"$root/ear/src/main/wildfly/configure.sh" "$wildfly" postgresql "$(ls "$here"/target/lib/postgresql-*.jar | head -1)" \
  > "$out/configure.log" 2>&1 || { tail -20 "$out/configure.log"; die "configure.sh failed"; }
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)" -c "CREATE DATABASE $PG_DATABASE"
"${PSQL[@]}" -d postgres -c "CHECKPOINT"
rm -rf "$run"
sync
cluster start | tee "$out/start-$NODES.log"
for n in $(seq 1 "$NODES"); do cp "$here/target/lookout-bench.war" "$run/node-$n/deployments/"; done
for _ in $(seq 1 120); do
  ready=1
  for n in $(seq 1 "$NODES"); do
    [ ! -f "$run/node-$n/deployments/lookout-bench.war.failed" ] || die "node-$n could not deploy lookout-bench.war"
    [ -f "$run/node-$n/deployments/lookout-bench.war.deployed" ] || ready=0
  done
  [ "$ready" = 1 ] && break
  sleep 1
done
[ "$ready" = 1 ] || die "lookout-bench.war was not deployed on every node after 120 s"

# the parts' processes: each found by its directory on the command line, as cluster.sh finds them
pids() { pgrep -f -- "$1( |$)" | paste -sd+; }
node_pids=$(for n in $(seq 1 "$NODES"); do pids "-Djboss.server.base.dir=$run/node-$n"; done | paste -sd+)
parts="nodes=$node_pids,broker-primary=$(pids "artemis.instance=$run/brokers/primary"),broker-backup=$(pids "artemis.instance=$run/brokers/backup")"
parts+=",balancer=$(pids "-Djboss.server.base.dir=$run/balancer"),postgresql=postgres"
echo "cluster-bench: $NODES node(s) behind http://127.0.0.1:$((8080 + PORT_OFFSET)) ($parts); load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
BUDGET_SECONDS=${BUDGET_SECONDS:-330} java -cp "$classpath" io.lookout.bench.IngestBench "http://127.0.0.1:$((8080 + PORT_OFFSET))" \
    "$BENCH_KEY" admin "$parts" "$LOAD_SECONDS" "$CLIENTS" "${HALF_RATE:-0}" | tee "$out/results-$NODES.txt"
