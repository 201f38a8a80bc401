#!/usr/bin/env bash
# Gives a WildFly already prepared by lookout.cli its node role (docs/deploy.md, "Node roles"):
#   edge      accepts events, does not consume the event queue (the MDB delivery group
#             lookout-consumer inactive);
#   consumer  consumes the queue, refuses events with 503 naming its role;
#   both      does both (what lookout.cli alone gives).
# Writes the system property lookout.node.role (read by the application) and the delivery group's
# active flag (the platform's switch for the consumer) together, so they cannot disagree; run again,
# it replaces the role.
# configure.sh calls it when LOOKOUT_NODE_ROLE is set; a test calls it on a server base directory of its own.
#
#   node-role.sh JBOSS_HOME edge|consumer|both [SERVER_BASE_DIR]
set -euo pipefail
home=${1:?JBOSS_HOME}
role=${2:?ROLE: edge, consumer or both}
base=${3:-}
case "$role" in
  edge) consume=false ;;
  consumer|both) consume=true ;;
  *) echo "node-role.sh: the role is edge, consumer or both, not '$role'" >&2; exit 2 ;;
esac

script=$(mktemp --suffix=.cli)
trap 'rm -f "$script"' EXIT
cat > "$script" <<CLI
embed-server --server-config=standalone-full.xml --std-out=discard
if (outcome == success) of /system-property=lookout.node.role:read-resource
/system-property=lookout.node.role:remove
end-if
batch
/system-property=lookout.node.role:add(value=$role)
/subsystem=ejb3/mdb-delivery-group=lookout-consumer:write-attribute(name=active, value=$consume)
run-batch
stop-embedded-server
CLI

args=(--file="$script")
[ -n "$base" ] && args+=(-Djboss.server.base.dir="$base")
echo "Applying node role $role to ${base:-$home/standalone}"
out=$("$home/bin/jboss-cli.sh" "${args[@]}" 2>&1) || { echo "$out" >&2; exit 1; }
