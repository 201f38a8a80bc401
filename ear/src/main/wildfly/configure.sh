#!/usr/bin/env bash
# Prepares a WildFly 39 installation for Lookout with the same CLI scripts an admin runs
# (docs/deploy.md). Idempotent: standalone-full.xml is restored from the pristine copy taken on
# the first run and the scripts are applied again whenever they (or the database choice) change.
# Data (standalone/data) is left alone.
#
#   configure.sh JBOSS_HOME h2|postgresql [POSTGRESQL_DRIVER_JAR]
set -euo pipefail
home=${1:?JBOSS_HOME}
db=${2:-h2}
driver=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
cfg="$home/standalone/configuration"

case "$db" in
  h2) scripts=(lookout.cli datasource-h2.cli) ;;
  postgresql)
    [ -f "$driver" ] || { echo "configure.sh: the PostgreSQL driver jar is required (got '$driver')" >&2; exit 2; }
    scripts=(lookout.cli datasource-postgresql.cli) ;;
  *) echo "configure.sh: database must be h2 or postgresql, not '$db'" >&2; exit 2 ;;
esac

stamp=$( (echo "$db"; for s in "${scripts[@]}"; do cat "$here/$s"; done) | sha256sum | cut -c1-16)
if [ "$(cat "$cfg/.lookout-configured" 2>/dev/null)" = "$stamp" ]; then
  echo "WildFly at $home is already configured for Lookout ($db)"
  exit 0
fi

[ -f "$cfg/standalone-full.xml.pristine" ] || cp "$cfg/standalone-full.xml" "$cfg/standalone-full.xml.pristine"
cp "$cfg/standalone-full.xml.pristine" "$cfg/standalone-full.xml"
rm -rf "$cfg/standalone_xml_history" "$home/modules/org/postgresql"

for s in "${scripts[@]}"; do
  echo "Applying $s to $home"
  out=$("$home/bin/jboss-cli.sh" --file="$here/$s" -Dpostgresql.driver.jar="$driver" 2>&1) || { echo "$out" >&2; exit 1; }
done
echo "$stamp" > "$cfg/.lookout-configured"
