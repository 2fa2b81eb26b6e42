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
