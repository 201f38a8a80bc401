#!/usr/bin/env bash
# Makes a plain WildFly 39 the one address of several Lookout nodes (docs/scaling.md, "One
# address"): writes one outbound socket binding and one reverse-proxy host per node in front of
# balancer.cli and applies the result with jboss-cli.sh to standalone.xml (the balancer needs no
# messaging and deploys nothing). Run with that server stopped; again after a node is added
# (standalone.xml is restored from the copy taken on the first run).
#
#   balancer.sh JBOSS_HOME NODES [SERVER_BASE_DIR]
#
# NODES: route=http://host:port of each node, comma-separated, e.g.
#   node-1=http://10.0.0.11:8080,node-2=http://10.0.0.12:8080
# where route is the node's jboss.node.name (its Undertow instance-id, the suffix of its session
# ids): it must differ from node to node. SERVER_BASE_DIR: another base directory than
# JBOSS_HOME/standalone (its configuration/standalone.xml is changed).
set -euo pipefail
home=${1:?JBOSS_HOME}
nodes=${2:?NODES: route=http://host:port of each node, comma-separated}
base=${3:-$home/standalone}
here=$(cd "$(dirname "$0")" && pwd)
cfg="$base/configuration"

[ -f "$cfg/standalone.xml.pristine" ] || cp "$cfg/standalone.xml" "$cfg/standalone.xml.pristine"
cp "$cfg/standalone.xml.pristine" "$cfg/standalone.xml"
rm -rf "$cfg/standalone_xml_history"

script=$(mktemp --suffix=.cli)
trap 'rm -f "$script"' EXIT
{
  echo "embed-server --server-config=standalone.xml --std-out=discard"
  echo "batch"
  grep -v '^#' "$here/balancer.cli" | grep -v '^[[:space:]]*$'
} > "$script"
n=0
IFS=',' read -ra list <<< "$nodes"
for node in "${list[@]}"; do
  node=$(echo "$node" | tr -d '[:space:]')
  [ -z "$node" ] && continue
  if ! [[ "$node" =~ ^([A-Za-z0-9_-]+)=http://([^:/]+):([0-9]+)/?$ ]]; then
    echo "balancer.sh: a node is route=http://host:port, not $node" >&2
    exit 2
  fi
  n=$((n + 1))
  echo "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=lookout-node-$n:add(host=\"${BASH_REMATCH[2]}\", port=${BASH_REMATCH[3]})"
  echo "/subsystem=undertow/configuration=handler/reverse-proxy=lookout-nodes/host=lookout-node-$n:add(outbound-socket-binding=lookout-node-$n, scheme=http, instance-id=\"${BASH_REMATCH[1]}\", path=\"/\")"
done >> "$script"
[ "$n" -gt 0 ] || { echo "balancer.sh: no node in '$nodes'" >&2; exit 2; }
{
  echo "run-batch"
  echo "stop-embedded-server"
} >> "$script"

echo "Applying balancer.cli ($nodes) to $base"
out=$("$home/bin/jboss-cli.sh" --file="$script" -Djboss.server.base.dir="$base" 2>&1) || { echo "$out" >&2; exit 1; }
