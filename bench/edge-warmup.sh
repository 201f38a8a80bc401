#!/usr/bin/env bash
# How the edge's no-op path warms up on a freshly started server (docs/benchmarks.md, session 26):
#   bench/edge-warmup.sh
# Starts a fresh Lookout on H2 with the benchmark's endpoints (as bench/ingest-bench.sh does), then
# sends the no-op endpoint (POST /lookout-bench/noop: reads the body, answers 202) bodies of 20
# events of about 1.5 KB from 8 connections by h2load, a native client (no JIT on the sender's
# side), in WINDOWS [6] consecutive windows of 10 s, and prints the requests/s of each; stops the
# server, always. Needs h2load (Debian: nghttp2-client). Environment: PORT_OFFSET [100], SKIP_BUILD [0].
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
PORT_OFFSET=${PORT_OFFSET:-100}
WINDOWS=${WINDOWS:-6}
http_port=$((8080 + PORT_OFFSET))
mgmt_port=$((9990 + PORT_OFFSET))
BENCH_NAME=edge-warmup
source "$here/lib/server.sh"
wildfly="$here/target/wildfly-$wildfly_version"
out="$here/target/edge-warmup"
db_url=unused

die() { echo "edge-warmup: $*" >&2; exit 1; }
command -v h2load > /dev/null || die "needs h2load (apt-get install nghttp2-client)"
[[ "$PORT_OFFSET" =~ ^[0-9]+$ ]] && [ "$PORT_OFFSET" -gt 0 ] || die "PORT_OFFSET must be a positive number"
[[ "$WINDOWS" =~ ^[0-9]+$ ]] && [ "$WINDOWS" -gt 0 ] || die "WINDOWS must be a positive number"
trap 'stop_server' EXIT
trap 'exit 130' INT TERM

require_free_ports "$http_port" "$mgmt_port"
mkdir -p "$out"
build_bench
unpack_wildfly
BENCH_ENDPOINTS=1 start_server h2

# one body like the ingest benchmark's batches: 20 events with 10 tags and about 1.2 KB of data each
event='{"type":"message","message":"'$(printf 'm%.0s' $(seq 200))'","tags":{'
for i in $(seq 0 9); do event+="\"k$i\":\"v$i\""; [ "$i" = 9 ] || event+=','; done
event+='},"data":{"pad":"'$(printf 'p%.0s' $(seq 1200))'"}}'
body="[$event"
for i in $(seq 2 20); do body+=",$event"; done
echo "$body]" > "$out/body.json"

echo "edge-warmup: no-op requests/s (20 events each) in consecutive 10 s windows from the server's start:"
for window in $(seq 1 "$WINDOWS"); do
  rate=$(h2load --h1 -D 10 -c 8 -d "$out/body.json" -H 'Content-Type: application/json' \
    "http://127.0.0.1:$http_port/lookout-bench/noop" 2>&1 | sed -n 's/^finished in [0-9.]*s, \([0-9.]*\) req\/s.*/\1/p')
  echo "  window $window: ${rate:-?} requests/s"
done
