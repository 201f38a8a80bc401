#!/usr/bin/env bash
# Lookout's ActiveMQ Artemis pair (primary and backup with replication, docs/scaling.md) on one
# machine, from an unpacked stock distribution (org.apache.activemq:apache-artemis:2.40.0, bin).
#
#   broker.sh ARTEMIS_HOME INSTANCES_DIR start|stop|kill|status primary|backup|both
#
# start   creates the instance INSTANCES_DIR/primary (or backup) on its first start (artemis create,
#         then the repo's deploy/broker/<role>/broker.xml over its etc/broker.xml), starts it in the
#         background and waits until it serves (the primary: its port answers; the backup: it has
#         announced itself to an active primary, or is active itself). "both" starts the primary first.
# stop    a clean shutdown (SIGTERM; SIGKILL after 60 s)
# kill    SIGKILL, as kill -9: the failure the pair is built for
# status  prints "role pid" of each running instance
#
# Environment (defaults: the single-machine layout):
#   LOOKOUT_BROKER_USER / LOOKOUT_BROKER_PASSWORD  the login WildFly uses [lookout / lookout]
#   LOOKOUT_BROKER_PRIMARY / LOOKOUT_BROKER_BACKUP host:port of each broker [127.0.0.1:61701 / 127.0.0.1:61702]
#   LOOKOUT_BROKER_CLUSTER_PASSWORD                the pair's replication login [the password above]
#   LOOKOUT_BROKER_JAVA_OPTS                       more JVM options (-Dlookout.ingest.broker-max-delivery-attempts=50, heap)
# An instance's process is found by its directory on the command line (artemis.instance), so only
# this pair's brokers are ever signalled. Logs: INSTANCES_DIR/<role>/log/artemis.log and console.log.
set -euo pipefail
artemis_home=${1:?ARTEMIS_HOME (an unpacked apache-artemis distribution)}
instances=${2:?INSTANCES_DIR}
action=${3:?start, stop, kill or status}
which=${4:-both}
here=$(cd "$(dirname "$0")" && pwd)
repo_broker="$here/../broker"

user=${LOOKOUT_BROKER_USER:-lookout}
password=${LOOKOUT_BROKER_PASSWORD:-lookout}
primary=${LOOKOUT_BROKER_PRIMARY:-127.0.0.1:61701}
backup=${LOOKOUT_BROKER_BACKUP:-127.0.0.1:61702}
cluster_password=${LOOKOUT_BROKER_CLUSTER_PASSWORD:-$password}

case "$which" in
  primary|backup) roles=("$which") ;;
  both) roles=(primary backup) ;;
  *) echo "broker.sh: primary, backup or both, not $which" >&2; exit 2 ;;
esac
mkdir -p "$instances"
instances=$(cd "$instances" && pwd)

pid_of() {
  local dir="$instances/$1" pid
  for pid in $(pgrep -f -- "-Dartemis.instance=$dir( |$)" || true); do
    echo "$pid"
    return
  done
}

create() {
  local role=$1 dir="$instances/$1"
  [ -f "$dir/etc/broker.xml" ] && return
  local address=${primary}
  [ "$role" = backup ] && address=$backup
  echo "Creating the $role broker in $dir"
  "$artemis_home/bin/artemis" create "$dir" --silent --force --no-web --nio --name "lookout-$role" \
    --host "${address%:*}" --default-port "${address##*:}" --user "$user" --password "$password" \
    --require-login --role amq > "$instances/$role-create.log" 2>&1 \
    || { cat "$instances/$role-create.log" >&2; exit 1; }
  cp "$repo_broker/$role/broker.xml" "$dir/etc/broker.xml"
}

start() {
  local role=$1 dir="$instances/$1"
  if [ -n "$(pid_of "$role")" ]; then
    echo "The $role broker runs already (pid $(pid_of "$role"))"
    return
  fi
  create "$role"
  mkdir -p "$dir/log"
  local log_lines=0
  [ -f "$dir/log/artemis.log" ] && log_lines=$(wc -l < "$dir/log/artemis.log")
  echo "Starting the $role broker ($dir)"
  JAVA_ARGS_APPEND="-Xms64m -Xmx512m -Dlookout.broker.primary=$primary -Dlookout.broker.backup=$backup -Dlookout.broker.cluster-user=lookout-cluster -Dlookout.broker.cluster-password=$cluster_password ${LOOKOUT_BROKER_JAVA_OPTS:-}" \
    nohup "$dir/bin/artemis" run >> "$dir/log/console.log" 2>&1 < /dev/null &
  local started=$!
  # AMQ221007: active; AMQ221024: the backup is in sync with its primary; AMQ221109: the backup
  # has announced itself (no active primary to sync with yet: it waits for one)
  # has announced itself and waits for a primary to sync with (when none runs here)
  local ready='AMQ221007'
  if [ "$role" = backup ]; then
    ready='AMQ221007|AMQ221024'
    [ -z "$(pid_of primary)" ] && ready='AMQ221007|AMQ221024|AMQ221109'
  fi
  for _ in $(seq 1 240); do
    if ! kill -0 "$started" 2>/dev/null; then
      echo "broker.sh: the $role broker exited while starting:" >&2
      tail -n 30 "$dir/log/console.log" >&2
      exit 1
    fi
    if [ -f "$dir/log/artemis.log" ] && tail -n +"$((log_lines + 1))" "$dir/log/artemis.log" | grep -Eq "$ready"; then
      echo "The $role broker serves (pid $(pid_of "$role"))"
      return
    fi
    sleep 0.5
  done
  echo "broker.sh: the $role broker did not start in 120 s:" >&2
  tail -n 30 "$dir/log/console.log" >&2
  exit 1
}

signal() {
  local role=$1 sig=$2 pid
  pid=$(pid_of "$role")
  [ -z "$pid" ] && { echo "The $role broker is not running"; return; }
  kill "-$sig" "$pid"
  for _ in $(seq 1 120); do
    [ -z "$(pid_of "$role")" ] && { echo "The $role broker stopped (SIG$sig)"; return; }
    sleep 0.5
  done
  echo "The $role broker still runs 60 s after SIG$sig: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

for role in "${roles[@]}"; do
  case "$action" in
    start) start "$role" ;;
    stop) signal "$role" TERM ;;
    kill) signal "$role" KILL ;;
    status) pid=$(pid_of "$role"); echo "$role ${pid:-stopped}" ;;
    *) echo "broker.sh: start, stop, kill or status, not $action" >&2; exit 2 ;;
  esac
done
