# Sourced by bench/scale_bench.sh: the server: start, /metrics, GET under load.
# Uses its variables (build, luodi, db, work, projects, next, …) and helpers
# (measure, ratio, p99_ms, rps).
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
"$build/bench/fixed_reply_server" "$work/body.json" >"$work/baseline.out" &
baseline=$!
for _ in $(seq 100); do grep -q listening "$work/baseline.out" 2>/dev/null && break; sleep 0.05; done
base_rps=$(wrk -t2 -c10 -d5s "$(sed -n 's/^listening on //p' "$work/baseline.out")/x" | rps)
kill $baseline; wait $baseline 2>/dev/null || true; baseline=""
# GET of one project over 10,000 distinct codes at random, each request
# missing the response cache (bench/get_random_project.lua); the same code
# again and again (cache hits) beside it, as measured before issue 29.
random_get() {  # wrk options → its output
  PROJECTS=$projects TOKEN=$TOKEN wrk "$@" --latency --timeout 60s -s "$root/bench/get_random_project.lua" "$base"
}
random_get -t2 -c10 -d3s >/dev/null  # every reader has opened its engine
random_get -t2 -c10 -d10s >"$work/random.out"
get_rps=$(rps <"$work/random.out")
random_p99=$(p99_ms <"$work/random.out")
one_rps=$(wrk -t2 -c10 -d5s "${auth[@]}" "$base/api/projects/$code" | rps)
printf 'GET one project, 10,000 distinct codes at random (cache misses): %.0f/s, p99 %.2f ms (goal ≤ 5 ms); a minimal Beast server with the same %d bytes %.0f/s: ratio %s (goal ≥ 0.3)\n' \
  "$get_rps" "$random_p99" "$(wc -c <"$work/body.json")" "$base_rps" "$(ratio "$get_rps" "$base_rps")"
printf 'GET one code again and again (cache hits): %.0f/s, ratio %s\n' "$one_rps" "$(ratio "$one_rps" "$base_rps")"
idle_p99=$(random_get -t1 -c4 -d3s | p99_ms)
# The whole overdue list, page by page (every cursor followed): prints its
# rows and seconds.
overdue_all() {
  local from=$EPOCHREALTIME rows=0 cursor="" page
  while :; do
    page=$(curl -s -G "${auth[@]}" --data-urlencode "limit=10000" ${cursor:+--data-urlencode "cursor=$cursor"} "$base/api/overdue")
    rows=$((rows + $(jq '.items | length' <<<"$page")))
    cursor=$(jq -r '.next // empty' <<<"$page")
    [ -n "$cursor" ] || break
  done
  awk -v n="$rows" -v a="$from" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d %.2f\n", n, b - a }'
}
read -r overdue_rows overdue_s < <(overdue_all)
# While a report, the whole overdue list and a tick (by another process) run:
curl -s -o /dev/null "${auth[@]}" "$base/api/report?format=json" &
r1=$!
overdue_all >"$work/overdue_busy" &
r2=$!
LUODI_NOW=${next}T10:00 "$luodi" --db "$db" tick >/dev/null 2>&1 &
r3=$!
busy_p99=$(random_get -t1 -c4 -d5s | p99_ms)
wait $r1 $r2 $r3 || true
read -r busy_rows busy_s <"$work/overdue_busy"
printf 'the whole overdue list, every page (limit 10,000): %d rows, %.2f s alone; %d rows, %.2f s under load\n' \
  "$overdue_rows" "$overdue_s" "$busy_rows" "$busy_s"
printf 'GET one project at random p99: idle %.2f ms; during a report, the whole overdue list and a tick %.2f ms (goal ≤ 20 ms)\n' \
  "$idle_p99" "$busy_p99"
printf 'server resident after them: %d MB (goal ≤ 200 MB)\n' $(($(rss) / 1024))
kill -TERM $server; wait $server || true; server=""
