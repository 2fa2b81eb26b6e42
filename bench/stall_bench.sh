#!/usr/bin/env bash
# Does a long read or a stream of writes stall the server? GET of one project
# (wrk, latency) while other clients keep asking for the full overdue list and
# /metrics of a large city, with the readers (GETs on their own threads and
# connections) beside the same server with --readers 0 (every read on one
# thread), in one run; and while four clients POST moves as fast as they can
# (each write an fsync, on the writer thread). Also the idle latency of each,
# as the baseline.
#   bench/stall_bench.sh [BUILD_DIR] [PROJECTS]   (default build, 20000)
# Installs wrk (Debian package) when missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
projects=${2:-20000}
luodi=$build/engine/cli/luodi
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d)
server=""
load=""
trap '[ -n "$load" ] && kill $load 2>/dev/null; [ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
export LUODI_NOW=2026-06-30T10:00

"$build/bench/make_city" "$work/city.db" "$projects" >/dev/null
TOKEN=$("$luodi" --db "$work/city.db" user add bench --role supervisor)

p99_ms() {  # wrk --latency output → the 99th percentile in ms
  awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }'
}

run() {  # READERS → "idle_p99 loaded_p99 writing_p99"
  "$luodi" --db "$work/city.db" serve --listen 127.0.0.1:0 --send-at 23:59 --readers "$1" >"$work/out" 2>/dev/null &
  server=$!
  for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
  base=$(sed -n 's/^listening on //p' "$work/out")
  idle=$(wrk -t1 -c4 -d3s --latency -H "Authorization: Bearer $TOKEN" "$base/api/projects/G4242" | p99_ms)
  # Two clients asking for long answers again and again.
  (while :; do
     curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$base/api/overdue"
     curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$base/metrics"
   done) &
  load=$!
  sleep 1
  loaded=$(wrk -t1 -c4 -d5s --latency --timeout 60s -H "Authorization: Bearer $TOKEN" "$base/api/projects/G4242" | p99_ms)
  kill $load; wait $load 2>/dev/null || true; load=""
  PROJECTS=$projects TOKEN=$TOKEN THREADS=1 wrk -t1 -c4 -d8s -s "$root/bench/advance.lua" "$base" >"$work/writes" 2>&1 &
  load=$!
  sleep 1
  writing=$(wrk -t1 -c4 -d5s --latency --timeout 60s -H "Authorization: Bearer $TOKEN" "$base/api/projects/G4242" | p99_ms)
  wait $load 2>/dev/null || true; load=""
  kill -TERM $server; wait $server || true; server=""
  echo "$idle $loaded $writing"
}

read -r base_idle base_loaded base_writing < <(run 0)
read -r idle loaded writing < <(run 4)
printf 'GET one project, p99, %s projects          idle      during long reads  during writes\n' "$projects"
printf '  --readers 0 (one thread reads)         %8.2f ms  %10.2f ms  %10.2f ms\n' "$base_idle" "$base_loaded" "$base_writing"
printf '  --readers 4 (default)                  %8.2f ms  %10.2f ms  %10.2f ms\n' "$idle" "$loaded" "$writing"
awk -v a="$loaded" -v b="$base_loaded" -v i="$idle" \
  'BEGIN { printf "during long reads: %.3f× the network-thread server (goal: p99 ≤ 20 ms: %s)\n", a / b, (a <= 20 ? "met" : "not met") }'
