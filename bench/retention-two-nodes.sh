#!/usr/bin/env bash
# Two Lookout nodes on one PostgreSQL database, the cleanup lease for real (docs/architecture.md, Retention):
#   1. (re)creates the database lookout_retention_two_nodes_bench and fills it with DataGenerator:
#      EVENTS events (200,000) ending 100 days ago, all expired;
#   2. starts two WildFly servers with the same EAR on it: node-a (port offset 300: HTTP 8380,
#      management 10290) and node-b (offset 350: HTTP 8430, management 10340), both bound to 127.0.0.1;
#   3. simultaneous: POST /api/admin/retention/run to both at the same moment; exactly one must clean
#      and the other must answer skipped, naming the first's run as the lease holder;
#   4. dead node: node-a starts a run and is killed (kill -9) in the middle of it; node-b must be
#      refused while the dead node's lease is valid and must take it over and clean once it expired;
#   5. checks the counts left (bench/consistency-retention.sql) and stops both servers, always (trap).
# The servers run with lookout.retention.budget-seconds=BUDGET_SECONDS [8] and lease-grace-seconds=GRACE [20],
# so the dead node's lease lasts 28 s instead of the default 120 s. Prints "two-nodes: PASS" or FAIL.
# Environment: EVENTS [200000], BATCH_SIZE [200], MORE_RUNS [3] (node-b's runs after the takeover; the rest
# stays expired: at this machine's ~100 events/s a full clean of 200,000 takes half an hour), SKIP_BUILD [0], KEEP_DB [1]. Logs: bench/target/retention-two-nodes/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
EVENTS=${EVENTS:-200000}
BATCH_SIZE=${BATCH_SIZE:-200}
MORE_RUNS=${MORE_RUNS:-3}
BUDGET_SECONDS=${BUDGET_SECONDS:-8}
GRACE=${GRACE:-20}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_DB=${KEEP_DB:-1}
DB_NAME=lookout_retention_two_nodes_bench
OFFSETS=(300 350)
NAMES=(node-a node-b)
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
AUTH=(-u admin:admin)

die() { echo "two-nodes: $*" >&2; exit 1; }
step() { printf '\n== %s (%ds, load average %s)\n' "$*" "$SECONDS" "$(cut -d' ' -f1-3 /proc/loadavg)"; }
now() { date -u +%H:%M:%S.%3N; }

BENCH_NAME=retention-two-nodes
# shared: wildfly_version, port_in_use (its two servers are stopped by its own per-node code)
source "$here/lib/server.sh"
out="$here/target/retention-two-nodes"
db_url="jdbc:postgresql://127.0.0.1:5432/$DB_NAME"
classpath="$here/target/lookout-bench.jar:$here/target/lib/*"
http() { echo "http://127.0.0.1:$((8080 + OFFSETS[$1]))"; }
mgmt_port() { echo $((9990 + OFFSETS[$1])); }
home() { echo "$out/wildfly-$wildfly_version-${NAMES[$1]}"; }

pids=("" "")
stop_node() {
  local i=$1 pid=${pids[$1]}
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    echo "two-nodes: stopping ${NAMES[$i]} (pid $pid)"
    "$(home "$i")/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$(mgmt_port "$i")" --command=:shutdown >/dev/null 2>&1 || true
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 10); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  pids[$i]=
}
finish() {
  status=$?
  stop_node 0
  stop_node 1
  if [ "$KEEP_DB" = 0 ]; then "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" || true; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

for i in 0 1; do
  for port in $((8080 + OFFSETS[i])) "$(mgmt_port "$i")"; do
    port_in_use "$port" && die "port $port is in use"
  done
done
mkdir -p "$out"
"${PSQL[@]}" -d postgres -Atc "SELECT 1" >/dev/null || die "cannot reach PostgreSQL at 127.0.0.1:5432 as postgres"

step "build"
if [ "$SKIP_BUILD" != 1 ]; then
  (cd "$root" && ./mvnw -q -ntp -DskipTests package -pl ear,bench -am) > "$out/build.log" 2>&1 \
    || { tail -40 "$out/build.log"; die "the build failed (log: $out/build.log)"; }
fi
driver=$(ls "$here"/target/lib/postgresql-*.jar | head -1)
echo "commit $(cd "$root" && git rev-parse --short HEAD)"

step "database $DB_NAME with $EVENTS expired events"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
java -Xmx2g -cp "$classpath" io.lookout.bench.DataGenerator --url="$db_url" --user=postgres \
    --events="$EVENTS" --groups=2000 --ending-days-ago=100 2>&1 | grep -e '^DataGenerator' | tee "$out/generate.log"
[ "${PIPESTATUS[0]}" = 0 ] || die "DataGenerator failed"

step "two WildFly $wildfly_version servers"
if [ ! -x "$(home 0)/bin/standalone.sh" ]; then
  (cd "$root" && ./mvnw -q -ntp -pl bench dependency:unpack@wildfly -Dbench.wildfly.dir="$out/unpacked" \
      -Dmdep.overWriteReleases=true) > "$out/wildfly-unpack.log" 2>&1 \
    || { tail -20 "$out/wildfly-unpack.log"; die "cannot unpack WildFly"; }
  for i in 0 1; do rm -rf "$(home "$i")"; cp -a "$out/unpacked/wildfly-$wildfly_version" "$(home "$i")"; done
fi
for i in 0 1; do
  w=$(home "$i")
  "$root/ear/src/main/wildfly/configure.sh" "$w" postgresql "$driver"
  rm -rf "$w/standalone/data" "$w/standalone/tmp" "$w/standalone/log" "$w/standalone/deployments/lookout.ear"*
  cp "$root/ear/target/lookout.ear" "$w/standalone/deployments/lookout.ear"
  LOOKOUT_DB_URL="$db_url" LOOKOUT_DB_USER=postgres LOOKOUT_DB_PASSWORD=x \
    LOOKOUT_BOOTSTRAP_ADMIN_PASSWORD=admin LOOKOUT_BOOTSTRAP_PROJECT_KEY=0123456789abcdef0123456789abcdef \
    LAUNCH_JBOSS_IN_BACKGROUND=1 \
    setsid "$w/bin/standalone.sh" -c standalone-full.xml -b 127.0.0.1 -bmanagement 127.0.0.1 \
      "-Djboss.socket.binding.port-offset=${OFFSETS[$i]}" "-Djboss.node.name=${NAMES[$i]}" \
      "-Dlookout.retention.batch-size=$BATCH_SIZE" "-Dlookout.retention.budget-seconds=$BUDGET_SECONDS" \
      "-Dlookout.retention.lease-grace-seconds=$GRACE" \
      -Dlookout.retention.schedule.hour=0 -Dlookout.retention.schedule.minute=0 \
      > "$out/${NAMES[$i]}-console.log" 2>&1 < /dev/null &
  pids[$i]=$!
  echo "${NAMES[$i]}: pid ${pids[$i]}, $(http "$i")"
done
started=$SECONDS
for i in 0 1; do
  until curl -sf --max-time 5 -o /dev/null "http://127.0.0.1:$(mgmt_port "$i")/health/ready"; do
    kill -0 "${pids[$i]}" 2>/dev/null || { tail -40 "$out/${NAMES[$i]}-console.log"; die "${NAMES[$i]} exited"; }
    [ $((SECONDS - started)) -lt 300 ] || die "${NAMES[$i]} was not ready after 300 s"
    sleep 2
  done
  echo "${NAMES[$i]} ready after $((SECONDS - started)) s"
done

lease() { "${PSQL[@]}" -d "$DB_NAME" -Atc "SELECT holder || ' until ' || to_char(valid_until AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') FROM node_lease WHERE name = 'retention'"; }
expired() { "${PSQL[@]}" -d "$DB_NAME" -Atc "SELECT COUNT(*) FROM event WHERE occurred_at < now() - INTERVAL '90 days'"; }
run() { curl -s "${AUTH[@]}" -X POST --max-time 120 "$(http "$1")/api/admin/retention/run"; }
field() { sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p" <<<"$1"; }
failures=0
check() { if eval "$2"; then echo "  ok: $1"; else echo "  FAILED: $1"; failures=$((failures + 1)); fi; }

step "1. both nodes asked to clean at the same moment ($(expired) expired events)"
run 0 > "$out/simultaneous-a.json" & a=$!
run 1 > "$out/simultaneous-b.json" & b=$!
wait "$a" "$b"
ra=$(cat "$out/simultaneous-a.json"); rb=$(cat "$out/simultaneous-b.json")
echo "  node-a: $ra"
echo "  node-b: $rb"
cleaners=0; skipped=0
for r in "$ra" "$rb"; do
  [ "$(field "$r" skipped)" = false ] && [ "$(field "$r" deletedEvents)" -gt 0 ] && cleaners=$((cleaners + 1))
  [ "$(field "$r" skipped)" = true ] && skipped=$((skipped + 1))
done
check "exactly one node cleaned" '[ "$cleaners" = 1 ]'
check "the other answered skipped" '[ "$skipped" = 1 ]'
if [ "$(field "$ra" skipped)" = true ]; then winner=$rb; loser=$ra; else winner=$ra; loser=$rb; fi
check "the skipped answer names the cleaning run as the lease holder ($(field "$loser" leaseHolder))" \
  '[ "$(field "$loser" leaseHolder)" = "$(field "$winner" node)" ]'
echo "  lease after: $(lease); $(expired) expired events left"

step "2. node-a dies in the middle of a cleanup"
run 0 > "$out/dead-a.json" & a=$!
for _ in $(seq 50); do lease | grep -q '^node-a' && break; sleep 0.1; done
sleep 2
held=$(lease)
echo "  $(now) lease: $held; killing node-a (kill -9 of its process group ${pids[0]})"
kill -KILL -- "-${pids[0]}"
wait "$a" 2>/dev/null || true
pids[0]=
check "node-a held the lease when it died" '[[ "$held" == node-a* ]]'
until_time=$("${PSQL[@]}" -d "$DB_NAME" -Atc "SELECT extract(epoch FROM valid_until) FROM node_lease WHERE name = 'retention'")
first=$(run 1)
echo "  $(now) node-b: $first"
check "node-b is refused while the dead node's lease is valid" '[ "$(field "$first" skipped)" = true ] && [[ "$(field "$first" leaseHolder)" == node-a* ]]'
attempts=1
while :; do
  sleep 2
  took_at=$(date +%s.%N)   # when the successful request was sent
  r=$(run 1); attempts=$((attempts + 1))
  [ "$(field "$r" skipped)" = false ] && break
  [ "$attempts" -lt 60 ] || break
done
echo "  $(now) node-b after $attempts attempts: $r"
echo "  the dead node's lease expired at $(date -u -d "@$until_time" +%H:%M:%S.%3N); node-b's taking request was sent $(awk -v a="$took_at" -v b="$until_time" 'BEGIN { printf "%.1f", a - b }') s after that"
check "node-b took the lease over and cleaned" '[ "$(field "$r" skipped)" = false ] && [ "$(field "$r" deletedEvents)" -gt 0 ]'
check "not before the dead node's lease expired" "awk -v a=$took_at -v b=$until_time 'BEGIN { exit !(a >= b) }'"
for _ in $(seq "$MORE_RUNS"); do
  [ "$(field "$r" complete)" = true ] && break
  r=$(run 1); echo "  node-b: $r"
done
echo "  lease after: $(lease); $(expired) expired events left"
check "node-b keeps cleaning alone" '[ "$(field "$r" skipped)" = false ]'

step "3. counts left (bench/consistency-retention.sql)"
"${PSQL[@]}" -d "$DB_NAME" -At -F ' ' -f "$here/consistency-retention.sql" | tee "$out/consistency-retention.txt"
mismatches=$(awk '{ n += $NF } END { print n + 0 }' "$out/consistency-retention.txt")
check "every count matches the events left (a batch killed mid-way rolled back)" '[ "$mismatches" = 0 ]'
grep -h -e 'Cleanup' "$(home 1)/standalone/log/server.log" | tail -3 | cut -c1-300 || true

echo
[ "$failures" = 0 ] && echo "two-nodes: PASS" || echo "two-nodes: FAIL ($failures checks failed)"
exit "$failures"
