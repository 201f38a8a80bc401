#!/usr/bin/env bash
# Switches a WildFly already prepared by lookout.cli to an external ActiveMQ Artemis broker
# (docs/deploy.md, "External broker"): writes the connectors for each broker URL in front of
# remote-broker.cli and applies the result with jboss-cli.sh. configure.sh calls it when
# LOOKOUT_BROKER_URL is set; a test calls it on a server base directory of its own.
#
#   remote-broker.sh JBOSS_HOME BROKER_URLS [SERVER_BASE_DIR]
#
# BROKER_URLS: tcp://host:port of the primary, then of its backup, separated by commas
# (e.g. tcp://10.0.0.5:61616,tcp://10.0.0.6:61616). SERVER_BASE_DIR: another base directory than
# JBOSS_HOME/standalone (its configuration/standalone-full.xml is changed).
set -euo pipefail
home=${1:?JBOSS_HOME}
urls=${2:?BROKER_URLS: tcp://host:port of the primary and its backup, comma-separated}
base=${3:-}
here=$(cd "$(dirname "$0")" && pwd)

script=$(mktemp --suffix=.cli)
trap 'rm -f "$script"' EXIT
{
  echo "embed-server --server-config=standalone-full.xml --std-out=discard"
  echo "batch"
} > "$script"
connectors=()
n=0
IFS=',' read -ra list <<< "$urls"
for url in "${list[@]}"; do
  url=$(echo "$url" | tr -d '[:space:]')
  [ -z "$url" ] && continue
  if ! [[ "$url" =~ ^tcp://([^:/]+):([0-9]+)/?$ ]]; then
    echo "remote-broker.sh: a broker URL is tcp://host:port, not $url" >&2
    exit 2
  fi
  n=$((n + 1))
  echo "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=lookout-broker-$n:add(host=\"${BASH_REMATCH[1]}\", port=${BASH_REMATCH[2]})" >> "$script"
  echo "/subsystem=messaging-activemq/remote-connector=lookout-broker-$n:add(socket-binding=lookout-broker-$n)" >> "$script"
  connectors+=("lookout-broker-$n")
done
[ "$n" -gt 0 ] || { echo "remote-broker.sh: no broker URL in '$urls'" >&2; exit 2; }
joined=$(IFS=','; echo "${connectors[*]}")
sed "s/@CONNECTORS@/$joined/" "$here/remote-broker.cli" | grep -v '^#' | grep -v '^[[:space:]]*$' >> "$script"
{
  echo "run-batch"
  echo "stop-embedded-server"
} >> "$script"

args=(--file="$script")
[ -n "$base" ] && args+=(-Djboss.server.base.dir="$base")
echo "Applying remote-broker.cli ($urls) to ${base:-$home/standalone}"
out=$("$home/bin/jboss-cli.sh" "${args[@]}" 2>&1) || { echo "$out" >&2; exit 1; }
