#!/usr/bin/env bash
# luodi at scale: a city of PROJECTS (default 1,000,000) projects, each figure
# printed beside a baseline measured in the same run (issue 11).
#   bench/scale_bench.sh [BUILD_DIR] [PROJECTS] [CITY_DIR]
# The city (bench/make_city, recorded 2026-06-30, then one tick that day) is
# kept in CITY_DIR (default /tmp/luodi-scale) and reused by later runs.
# Installs wrk and taskwarrior (Debian packages) when missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
projects=${2:-1000000}
cities=${3:-/tmp/luodi-scale}
luodi=$build/engine/cli/luodi
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v task >/dev/null || need+=(taskwarrior)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
mkdir -p "$cities"
work=$(mktemp -d)
server=""
baseline=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; [ -n "$baseline" ] && kill $baseline 2>/dev/null; rm -rf "$work"' EXIT
day=2026-06-30
next=2026-07-01

# seconds and peak KB of a command: "S KB"
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr"; cat "$work/time"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
p99_ms() {
  awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }'
}
rps() { awk '/Requests\/sec/ { print $2 }'; }

city=$cities/city-$projects.db
if [ ! -f "$city" ]; then
  echo "making a city of $projects projects in $city (once) …"
  rm -f "$city"-*
  "$build/bench/make_city" "$city.new" "$projects"
  LUODI_NOW=${day}T09:00 "$luodi" --db "$city.new" tick >/dev/null 2>&1
  mv "$city.new" "$city"
  rm -f "$city.new"-*
fi
cp "$city" "$work/city.db"
db=$work/city.db
export LUODI_NOW=${next}T09:00
# A city made by an earlier build is brought to this build's schema first, untimed.
"$luodi" --db "$db" outbox --limit 1 >/dev/null 2>&1

echo "== $projects projects ($(du -h "$city" | cut -f1) on disk); the clock on $next"
# --- the tick --------------------------------------------------------------
due=$(sqlite3 "$db" "SELECT count(*) FROM projects WHERE next_check_on <= '$next'")
cp "$db" "$work/raw.db"
read -r raw_tick _ < <(measure sqlite3 "$work/raw.db" \
  "CREATE TABLE outbox_raw AS SELECT * FROM outbox WHERE 0; BEGIN;
   INSERT INTO outbox_raw (key, recipient, project, role, rule, due, message, state, created_at)
     SELECT 'k:' || code, unit, code, 'unit', 'r', coalesce(due_on, ''), name, 'pending', '$next'
     FROM projects WHERE next_check_on <= '$next';
   COMMIT;")
rm -f "$work/raw.db"*
# The least any tick must write for the same rows: a row each in the real
# outbox (its key, its indexes and counts: exactly once), and each project's
# check dates moved in the projection (its indexes: what is due next).
cp "$db" "$work/raw.db"
read -r floor_tick _ < <(measure sqlite3 "$work/raw.db" \
  "BEGIN;
   INSERT INTO outbox (key, recipient, project, role, rule, due, message, state, created_at)
     SELECT 'k:' || code, unit, code, 'unit', 'r', coalesce(due_on, ''), name, 'pending', '$next'
     FROM projects WHERE next_check_on <= '$next';
   UPDATE projects SET checked_on = '$next', next_check_on = date('$next', '+1 day') WHERE next_check_on <= '$next';
   COMMIT;")
rm -f "$work/raw.db"*
read -r tick_s tick_kb < <(measure "$luodi" --db "$db" tick)
printf 'tick: %d projects due of %d (%.2f%%)  %8.3f s, peak %d MB\n' \
  "$due" "$projects" "$(awk -v a="$due" -v b="$projects" 'BEGIN { print 100 * a / b }')" "$tick_s" $((tick_kb / 1024))
printf '  raw SQLite select + insert into a table without indexes %6.3f s: ratio %s (goal ≤ 2)\n' \
  "$raw_tick" "$(ratio "$tick_s" "$raw_tick")"
printf '  raw SQLite writing what a tick must (outbox row, check dates) %6.3f s: ratio %s\n' \
  "$floor_tick" "$(ratio "$tick_s" "$floor_tick")"

# --- overdue ---------------------------------------------------------------
read -r page_s page_kb < <(measure "$luodi" --db "$db" overdue --json --limit 500)
printf 'overdue --json --limit 500: %.3f s, peak %d MB (goal ≤ 0.25 s, ≤ 100 MB)\n' "$page_s" $((page_kb / 1024))
read -r full_s full_kb < <(measure "$luodi" --db "$db" overdue --json)
rows=$(grep -c '"code"' "$work/stdout" || true)
read -r raw_s raw_kb < <(measure sqlite3 "$db" \
  "SELECT json_object('code', code, 'name', name, 'unit', unit, 'leader', leader, 'stage', stage,
          'due', due_on, 'light', light) FROM projects WHERE due_on < '$next' ORDER BY due_on, code")
printf 'overdue --json (%d rows): %.2f s, peak %d MB; raw SQLite writing the rows as JSON %.2f s: ratio %s (goal ≤ 3, ≤ 100 MB)\n' \
  "$rows" "$full_s" $((full_kb / 1024)) "$raw_s" "$(ratio "$full_s" "$raw_s")"
read -r stats_s stats_kb < <(measure "$luodi" --db "$db" stats)
printf 'stats: %.2f s, peak %d MB\n' "$stats_s" $((stats_kb / 1024))

# --- the server ------------------------------------------------------------
TOKEN=$("$luodi" --db "$db" user add bench --role supervisor)
started=$(date +%s.%N)
"$luodi" --db "$db" serve --listen 127.0.0.1:0 --send-at 23:59 >"$work/out" 2>"$work/log" &
server=$!
for _ in $(seq 600); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.01; done
up=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
base=$(sed -n 's/^listening on //p' "$work/out")
rss() { awk '/VmRSS/ { print $2 }' "/proc/$server/status"; }
rss_idle=$(rss)
printf 'server start: %.2f s to listening, %d MB resident (%.1f bytes per project; goal ≤ 1 s, ≤ 100)\n' \
  "$up" $((rss_idle / 1024)) "$(awk -v k="$rss_idle" -v n="$projects" 'BEGIN { print k * 1024 / n }')"
auth=(-H "Authorization: Bearer $TOKEN")
curl -s -o /dev/null "${auth[@]}" "$base/metrics"
metrics=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' "${auth[@]}" "$base/metrics"; done |
  sort -n | sed -n 3p)
printf '/metrics: %.1f ms (median of 5; goal ≤ 10 ms)\n' "$(awk -v s="$metrics" 'BEGIN { print s * 1000 }')"
code=G$((projects / 2 + 4242))
curl -s "${auth[@]}" "$base/api/projects/$code" >"$work/body.json"
get_rps=$(wrk -t1 -c10 -d5s "${auth[@]}" "$base/api/projects/$code" | rps)
"$build/bench/fixed_reply_server" "$work/body.json" >"$work/baseline.out" &
baseline=$!
for _ in $(seq 100); do grep -q listening "$work/baseline.out" 2>/dev/null && break; sleep 0.05; done
base_rps=$(wrk -t1 -c10 -d5s "$(sed -n 's/^listening on //p' "$work/baseline.out")/x" | rps)
kill $baseline; wait $baseline 2>/dev/null || true; baseline=""
printf 'GET one project: %.0f/s; a minimal Beast server with the same %d bytes %.0f/s: ratio %s (goal ≥ 0.5)\n' \
  "$get_rps" "$(wc -c <"$work/body.json")" "$base_rps" "$(ratio "$get_rps" "$base_rps")"
idle_p99=$(wrk -t1 -c4 -d3s --latency "${auth[@]}" "$base/api/projects/$code" | p99_ms)
# While a report, a full overdue stream and a tick (by another process) run:
curl -s -o /dev/null "${auth[@]}" "$base/api/report?format=json" &
r1=$!
curl -s -o /dev/null "${auth[@]}" "$base/api/overdue?limit=100000" &
r2=$!
LUODI_NOW=${next}T10:00 "$luodi" --db "$db" tick >/dev/null 2>&1 &
r3=$!
busy_p99=$(wrk -t1 -c4 -d5s --latency --timeout 60s "${auth[@]}" "$base/api/projects/$code" | p99_ms)
wait $r1 $r2 $r3 || true
printf 'GET one project p99: idle %.2f ms; during a report, an overdue stream and a tick %.2f ms (goal ≤ 20 ms)\n' \
  "$idle_p99" "$busy_p99"
printf 'server resident after them: %d MB (goal ≤ 200 MB)\n' $(($(rss) / 1024))
kill -TERM $server; wait $server || true; server=""

# --- beside Taskwarrior, at 10,000 --------------------------------------------
small=$cities/city-10000.db
if [ ! -f "$small" ]; then
  "$build/bench/make_city" "$small.new" 10000 >/dev/null
  LUODI_NOW=${day}T09:00 "$luodi" --db "$small.new" tick >/dev/null 2>&1
  mv "$small.new" "$small"
  rm -f "$small.new"-*
fi
share=$("$luodi" --db "$small" stats --json | awk -F'[:,]' '/"overdue"/ { print $2; exit }')
tw=$work/task
mkdir -p "$tw"
awk -v n=10000 -v late="$share" 'BEGIN {
  printf "[";
  for (i = 0; i < n; i++) {
    due = (i < late) ? "20260601T000000Z" : "20261201T000000Z";
    printf "%s{\"description\":\"项目%d\",\"project\":\"unit%d\",\"status\":\"pending\",\"due\":\"%s\",\"entry\":\"20260101T000000Z\",\"uuid\":\"%08x-0000-4000-8000-000000000000\"}", (i ? "," : ""), i, i % 10, due, i;
  }
  printf "]\n";
}' >"$tw/tasks.json"
taskrc=(rc.data.location="$tw" rc.confirmation=off rc.hooks=off rc.verbose=nothing)
TASKRC=/dev/null task "${taskrc[@]}" import "$tw/tasks.json" >/dev/null 2>&1
read -r tw_s _ < <(TASKRC=/dev/null measure task "${taskrc[@]}" +OVERDUE export)
tw_rows=$(grep -o '"uuid"' "$work/stdout" | wc -l)
# The city as it stands on the morning of $next: first before anything has
# looked at the day (the projects due today are worked out on every question),
# then once the day's standings are kept (what the server does after midnight,
# `luodi tick --keep-only`), the state every question after midnight meets.
cp "$small" "$work/small.db"
"$luodi" --db "$work/small.db" outbox --limit 1 >/dev/null 2>&1  # this build's schema, untimed
read -r cold_s _ < <(measure "$luodi" --db "$work/small.db" overdue --json)
"$luodi" --db "$work/small.db" tick --keep-only >/dev/null
# The fastest of five runs in seconds, timed to the microsecond (time(1) rounds to 10 ms).
best() {
  for _ in 1 2 3 4 5; do
    local from=$EPOCHREALTIME
    "$@" >"$work/stdout" 2>"$work/stderr"
    awk -v a="$from" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }'
  done | sort -n | head -1
}
small_s=$(best "$luodi" --db "$work/small.db" overdue --json)
small_rows=$(grep -c '"code"' "$work/stdout" || true)
tw_s=$(TASKRC=/dev/null best task "${taskrc[@]}" +OVERDUE export)
printf 'at 10,000: overdue --json (%d rows) %.4f s (before the day is kept: %.3f s); task +OVERDUE export (%d rows) %.4f s: ratio %s (goal ≤ 0.1)\n' \
  "$small_rows" "$small_s" "$cold_s" "$tw_rows" "$tw_s" "$(ratio "$small_s" "$tw_s")"
