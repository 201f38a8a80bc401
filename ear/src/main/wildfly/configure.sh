#!/usr/bin/env bash
# Prepares a WildFly 39 installation for Lookout with the same CLI scripts an admin runs
# (docs/deploy.md). Idempotent: standalone-full.xml is restored from the pristine copy taken on
# the first run and the scripts are applied again whenever they (or the database choice) change.
# Data (standalone/data) is left alone.
#
#   configure.sh JBOSS_HOME h2|postgresql DRIVER_JAR
#
# DRIVER_JAR is the chosen database's JDBC driver (the H2 jar of the bundle, or the PostgreSQL driver):
# it becomes a module (io.lookout.h2 or org.postgresql).
#
# With LOOKOUT_SENDER_USER and LOOKOUT_SENDER_PASSWORD set, it also creates that application user
# with the role lookout-sender (remote JMS senders, docs/deploy.md); the application users and
# roles files are restored from their pristine copies first, like standalone-full.xml.
#
# With LOOKOUT_BROKER_URL set (tcp://host:port of an external ActiveMQ Artemis primary, then of its
# backup, comma-separated), WildFly's messaging uses that broker instead of the embedded one
# (remote-broker.sh and remote-broker.cli; the broker's login, LOOKOUT_BROKER_USER and
# LOOKOUT_BROKER_PASSWORD, is read by the server at start). Without it: the embedded broker.
#
# With LOOKOUT_NODE_ROLE set (edge, consumer or both), the node gets that role (node-role.sh:
# docs/deploy.md, "Node roles"). Without it: both.
set -euo pipefail
home=${1:?JBOSS_HOME}
db=${2:-h2}
driver=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
cfg="$home/standalone/configuration"

case "$db" in
  h2|postgresql) scripts=(lookout.cli "datasource-$db.cli") ;;
  *) echo "configure.sh: database must be h2 or postgresql, not '$db'" >&2; exit 2 ;;
esac
[ -f "$driver" ] || { echo "configure.sh: the $db driver jar is required (got '$driver')" >&2; exit 2; }

sender_user=${LOOKOUT_SENDER_USER:-}
sender_password=${LOOKOUT_SENDER_PASSWORD:-}
if [ -n "$sender_user" ] && [ -z "$sender_password" ]; then
  echo "configure.sh: LOOKOUT_SENDER_USER needs LOOKOUT_SENDER_PASSWORD" >&2; exit 2
fi

broker_url=${LOOKOUT_BROKER_URL:-}
if [ -n "$broker_url" ] && [ -n "$sender_user" ]; then
  echo "configure.sh: with an external broker, remote senders are users of the broker (docs/deploy.md), not LOOKOUT_SENDER_USER" >&2; exit 2
fi

node_role=${LOOKOUT_NODE_ROLE:-}
case "$node_role" in
  ""|edge|consumer|both) ;;
  *) echo "configure.sh: LOOKOUT_NODE_ROLE must be edge, consumer or both, not '$node_role'" >&2; exit 2 ;;
esac

stamp=$( (echo "$db"; sha256sum < "$driver"; echo "$sender_user:$sender_password"; for s in "${scripts[@]}"; do cat "$here/$s"; done
  if [ -n "$broker_url" ]; then echo "$broker_url"; cat "$here/remote-broker.sh" "$here/remote-broker.cli"; fi
  if [ -n "$node_role" ]; then echo "role $node_role"; cat "$here/node-role.sh"; fi) | sha256sum | cut -c1-16)
if [ "$(cat "$cfg/.lookout-configured" 2>/dev/null)" = "$stamp" ]; then
  echo "WildFly at $home is already configured for Lookout ($db${broker_url:+, broker $broker_url}${node_role:+, role $node_role})"
  exit 0
fi

for f in standalone-full.xml application-users.properties application-roles.properties; do
  [ -f "$cfg/$f.pristine" ] || cp "$cfg/$f" "$cfg/$f.pristine"
  cp "$cfg/$f.pristine" "$cfg/$f"
done
rm -rf "$cfg/standalone_xml_history" "$home/modules/org/postgresql" "$home/modules/io/lookout/h2"

for s in "${scripts[@]}"; do
  echo "Applying $s to $home"
  out=$("$home/bin/jboss-cli.sh" --file="$here/$s" -D"$db".driver.jar="$driver" 2>&1) || { echo "$out" >&2; exit 1; }
done
if [ -n "$broker_url" ]; then
  "$here/remote-broker.sh" "$home" "$broker_url"
fi
if [ -n "$node_role" ]; then
  "$here/node-role.sh" "$home" "$node_role"
fi
if [ -n "$sender_user" ]; then
  echo "Adding application user $sender_user with role lookout-sender to $home"
  out=$("$home/bin/add-user.sh" -a -s -u "$sender_user" -p "$sender_password" -g lookout-sender 2>&1) || { echo "$out" >&2; exit 1; }
fi
echo "$stamp" > "$cfg/.lookout-configured"
