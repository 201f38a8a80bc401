#!/usr/bin/env bash
# Runs Lookout in the foreground on the build's own WildFly (Ctrl-C stops it).
#   dev-server.sh JBOSS_HOME EAR_FILE h2|postgresql DRIVER_JAR
# Development defaults (override with the environment variables of docs/deploy.md):
# admin password "admin" and the project key below; the server listens on 127.0.0.1 only.
# With LOOKOUT_BROKER_URL set, it runs on that external broker pair (configure.sh; start the pair
# first: deploy/cluster/broker.sh).
set -euo pipefail
home=${1:?JBOSS_HOME}
ear=${2:?EAR file}
db=${3:-h2}
here=$(cd "$(dirname "$0")" && pwd)
"$here/configure.sh" "$home" "$db" "${4:?the driver jar of the database}"

deployments="$home/standalone/deployments"
rm -f "$deployments"/lookout.ear*
cp "$ear" "$deployments/lookout.ear"

export LOOKOUT_BOOTSTRAP_ADMIN_PASSWORD=${LOOKOUT_BOOTSTRAP_ADMIN_PASSWORD:-admin}
export LOOKOUT_BOOTSTRAP_PROJECT_KEY=${LOOKOUT_BOOTSTRAP_PROJECT_KEY:-0123456789abcdef0123456789abcdef}
echo "Lookout: http://localhost:8080/  log: $home/standalone/log/server.log  data: $home/standalone/data/lookout"
exec "$home/bin/standalone.sh" -c standalone-full.xml -b 127.0.0.1 -bmanagement 127.0.0.1
