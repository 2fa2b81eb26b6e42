# Sourced by bench/scale_bench.sh: overdue, lists and stats at scale.
# Uses its variables (build, luodi, db, work, projects, next, …) and helpers
# (measure, ratio, p99_ms, rps).
read -r page_s page_kb < <(measure "$luodi" --db "$db" overdue --json --limit 500)
printf 'overdue --json --limit 500: %.3f s, peak %d MB (goal ≤ 0.25 s, ≤ 100 MB)\n' "$page_s" $((page_kb / 1024))
read -r full_s full_kb < <(measure "$luodi" --db "$db" overdue --json)
rows=$(grep -c '"code"' "$work/stdout" || true)
read -r raw_s raw_kb < <(measure sqlite3 "$db" \
  "SELECT json_object('code', code, 'name', name, 'unit', unit, 'leader', leader, 'stage', stage,
          'due', due_on, 'light', light) FROM projects WHERE due_on < '$next' ORDER BY due_on, code")
printf 'overdue --json (%d rows): %.2f s, peak %d MB; raw SQLite writing the rows as JSON %.2f s: ratio %s (goal ≤ 3, ≤ 100 MB)\n' \
  "$rows" "$full_s" $((full_kb / 1024)) "$raw_s" "$(ratio "$full_s" "$raw_s")"
# As-of lists: the standing function over every history, streamed (issue 29).
read -r asof_s asof_kb < <(measure "$luodi" --db "$db" list --as-of "$day" --json)
rows=$(grep -c '"code"' "$work/stdout" || true)
printf 'list --as-of %s --json (%d rows): %.2f s, peak %d MB (goal ≤ 100 MB)\n' \
  "$day" "$rows" "$asof_s" $((asof_kb / 1024))
read -r asof_s asof_kb < <(measure "$luodi" --db "$db" overdue --as-of "$day" --json)
rows=$(grep -c '"code"' "$work/stdout" || true)
printf 'overdue --as-of %s --json (%d rows): %.2f s, peak %d MB (goal ≤ 100 MB)\n' \
  "$day" "$rows" "$asof_s" $((asof_kb / 1024))
read -r stats_s stats_kb < <(measure "$luodi" --db "$db" stats)
printf 'stats: %.2f s, peak %d MB (goal ≤ 0.3 s)\n' "$stats_s" $((stats_kb / 1024))
# One project's read, process start included (issue 29 item 3): median of 11
# runs of `show CODE --json` beside sqlite3 reading the row, in ms.
median_ms() {
  local i s e
  for i in $(seq 11); do
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    echo $(((e - s) / 1000))
  done | sort -n | awk 'NR == 6 { printf "%.1f", $1 / 1000 }'
}
show_code=$(sqlite3 "$db" "SELECT code FROM projects ORDER BY code LIMIT 1 OFFSET $((projects / 2))")
show_ms=$(median_ms "$luodi" --db "$db" show "$show_code" --json)
row_ms=$(median_ms sqlite3 "$db" "SELECT * FROM projects WHERE code = '$show_code'")
printf 'show CODE --json, median of 11: %s ms (goal ≤ 10); sqlite3 reading the row %s ms\n' "$show_ms" "$row_ms"
