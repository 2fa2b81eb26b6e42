#!/usr/bin/env bash
# What-if: its cost against its size, and whether it stalls the quick reads.
# 1. The curve of what-ifs of 100 … 8,000 events on a city of 50,000
#    projects (bench/whatif_cost.cc): seconds, per event and peak resident,
#    cold (the city's counts worked out) and warm (kept), each size in a
#    process of its own; the 100-event answer checked against the whole
#    copy's (what_if_reference).
# 2. GET /api/projects/{code} p99 (wrk; each request misses the response
#    cache, so a reader answers it) alone, then while four clients each send
#    maximal what-ifs (2,000 events) again and again (waiting as Retry-After
#    says when the lane is full) and one more asks for the full report again
#    and again; the ratio of the two, against the goal (p99 ≤ 50 ms).
#   bench/whatif_bench.sh [BUILD_DIR] [PROJECTS]   (default build, 10000)
# Installs wrk (Debian package) when missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
projects=${2:-10000}
luodi=$build/engine/cli/luodi
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d)
server=""
load=()
cleanup() {
  for p in "${load[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export LUODI_NOW=2026-06-30T10:00

# A scenario of N events over the first SPREAD projects (all at signed): each
# project advanced to pre-review, then planned and invested in turn, a day
# apart (as bench/whatif_cost.cc's).
scenario() {  # N yaml|json [SPREAD]
  awk -v n="$1" -v fmt="$2" -v spread="${3:-500}" 'BEGIN {
    if (fmt == "json") printf "{\"events\": ["; else print "events:"
    for (i = 0; i < n; i++) {
      r = int(i / spread)
      day = r < 31 ? sprintf("2026-07-%02d", 1 + r) : sprintf("2026-08-%02d", 1 + (r - 31) % 31)
      if (r == 0) ev = "\"kind\": \"advance\", \"to\": \"pre_review\""
      else if (r % 2) ev = "\"kind\": \"plan\", \"due\": \"2026-12-31\""
      else ev = "\"kind\": \"invest\", \"correction\": true, \"fixed_asset_wan\": \"" (100 + r) "\""
      e = "{\"code\": \"G" (i % spread) "\", " ev ", \"on\": \"" day "\"}"
      if (fmt == "json") printf "%s%s", (i ? ", " : ""), e; else print "  - " e
    }
    if (fmt == "json") print "]}"
  }'
}

p99_ms() {  # wrk --latency output → the 99th percentile in ms
  awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }'
}

"$build/bench/make_city" "$work/city.db" "$projects" signed >/dev/null
TOKEN=$("$luodi" --db "$work/city.db" user add bench --role supervisor)
export TOKEN PROJECTS=$projects

echo "== the cost of a what-if against its size (bench/whatif_cost.cc)"
"$build/bench/whatif_cost" 50000 500 --check

echo "== GET /api/projects/{code} while four maximal what-ifs and a full report run"
scenario 2000 json > "$work/s.json"
"$luodi" --db "$work/city.db" serve --listen 127.0.0.1:0 --send-at 23:59 >"$work/out" 2>/dev/null &
server=$!
for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/out")
get() { wrk -t2 -c8 -d"$1" --latency --timeout 60s -s "$root/bench/get_project.lua" "$base" | p99_ms; }
get 2s >/dev/null  # warm: every reader has opened its engine
alone=$(get 10s)
for i in 1 2 3 4; do
  (while :; do
     code=$(curl -s -o /dev/null -D "$work/h$i" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
       --data-binary @"$work/s.json" "$base/api/whatif")
     if [ "$code" = 429 ]; then sleep "$(tr -d '\r' < "$work/h$i" | sed -n 's/^[Rr]etry-[Aa]fter: //p')"; fi
     echo "$code" >> "$work/whatifs"
   done) &
  load+=($!)
done
(while :; do
   curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $TOKEN" "$base/api/report" >> "$work/reports"
 done) &
load+=($!)
sleep 2
loaded=$(get 10s)
for p in "${load[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
load=()
metrics=$(curl -s "$base/metrics")
kill -TERM "$server"; wait "$server" || true; server=""
printf '  what-ifs answered: %s (200: %s, 429: %s); full reports: %s\n' "$(wc -l < "$work/whatifs")" \
  "$(grep -c '^200$' "$work/whatifs" || true)" "$(grep -c '^429$' "$work/whatifs" || true)" "$(wc -l < "$work/reports")"
echo "$metrics" | grep -E '^luodi_http_request_duration_seconds_(sum|count)\{route="/api/whatif",status="200"' \
  | awk '{ v[$1 ~ /_sum/ ? "sum" : "n"] = $2 } END { if (v["n"]) printf "  mean what-if answer time (waiting included): %.2f s\n", v["sum"] / v["n"] }'
printf '  GET one project, p99: alone %.2f ms, under load %.2f ms\n' "$alone" "$loaded"
awk -v a="$loaded" -v b="$alone" \
  'BEGIN { printf "  under load / alone: %.2f× (goal: p99 ≤ 50 ms under load: %s)\n", a / b, (a <= 50 ? "met" : "not met") }'
