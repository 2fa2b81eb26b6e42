#!/usr/bin/env bash
# Requests per second and latency of the server under wrk on loopback, and its
# resident memory with a large city loaded.
#   bench/server_bench.sh [BUILD_DIR]      (default: build)
# Installs wrk (Debian package) when missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
luodi=$build/engine/cli/luodi
make_city=$build/bench/make_city
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
export LUODI_NOW=2026-06-30T10:00

start() {  # DB
  "$luodi" --db "$1" serve --listen 127.0.0.1:0 --send-at 23:59 > "$work/out" 2> "$work/log" &
  server=$!
  for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
  base=$(sed -n 's/^listening on //p' "$work/out")
}
stop() { kill -TERM "$server"; wait "$server" || true; server=""; }

echo "== 10,000 projects"
"$make_city" "$work/city.db" 10000 signed >/dev/null  # every POST below is a legal move
export TOKEN=$("$luodi" --db "$work/city.db" user add bench --role supervisor)
start "$work/city.db"
echo "-- GET /api/projects/{code} (wrk -t2 -c20 -d10s --latency)"
wrk -t2 -c20 -d10s --latency -H "Authorization: Bearer $TOKEN" "$base/api/projects/G4242" \
  | grep -E "Requests/sec|99%|50%"
echo "-- POST /api/projects/{code}/advance, each request a durable transition"
PROJECTS=10000 THREADS=2 wrk -t2 -c20 -d10s --latency -s "$root/bench/advance.lua" "$base" \
  | grep -E "Requests/sec|99%|50%|Non-2xx"
stop

echo "== resident memory with 100,000 projects"
"$make_city" "$work/big.db" 100000 >/dev/null
TOKEN=$("$luodi" --db "$work/big.db" user add bench --role supervisor)
start "$work/big.db"
curl -s -o /dev/null "$base/healthz"
echo "after start-up:                   $(grep VmRSS /proc/$server/status)"
wrk -t2 -c20 -d5s -H "Authorization: Bearer $TOKEN" "$base/api/projects/G77777" >/dev/null
echo "after 5 s of GET project:         $(grep VmRSS /proc/$server/status)"
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$base/api/overdue"
echo "after GET /api/overdue (60k rows): $(grep VmRSS /proc/$server/status)"
stop
