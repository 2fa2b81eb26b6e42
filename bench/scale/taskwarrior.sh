# Sourced by bench/scale_bench.sh: beside Taskwarrior, at 10,000.
# Uses its variables (build, luodi, db, work, projects, next, …) and helpers
# (measure, ratio, p99_ms, rps).
small=$cities/city-10000-d1.db  # 1% due on the next day (make_city's default)
if [ ! -f "$small" ]; then
  "$build/bench/make_city" "$small.new" 10000 >/dev/null
  LUODI_NOW=${day}T09:00 "$luodi" --db "$small.new" tick >/dev/null 2>&1
  mv "$small.new" "$small"
  rm -f "$small.new"-*
fi
share=$("$luodi" --db "$small" stats --json | awk -F'[:,]' '/"overdue"/ { print $2; exit }')
tw=$work/task
mkdir -p "$tw"
# Taskwarrior asks the real clock what is overdue: the late tasks fell due 30
# days before now, the others fall due 30 days after.
late_due=$(date -u -d '30 days ago' +%Y%m%dT000000Z)
later_due=$(date -u -d '30 days' +%Y%m%dT000000Z)
awk -v n=10000 -v late="$share" -v past="$late_due" -v future="$later_due" 'BEGIN {
  printf "[";
  for (i = 0; i < n; i++) {
    due = (i < late) ? past : future;
    printf "%s{\"description\":\"项目%d\",\"project\":\"unit%d\",\"status\":\"pending\",\"due\":\"%s\",\"entry\":\"20260101T000000Z\",\"uuid\":\"%08x-0000-4000-8000-000000000000\"}", (i ? "," : ""), i, i % 10, due, i;
  }
  printf "]\n";
}' >"$tw/tasks.json"
taskrc=(rc.data.location="$tw" rc.confirmation=off rc.hooks=off rc.verbose=nothing)
TASKRC=/dev/null task "${taskrc[@]}" import "$tw/tasks.json" >/dev/null 2>&1
# The city as it stands on the morning of $next: first before anything has
# looked at the day (the projects due today are worked out on every question),
# then once the day's standings are kept (what the server does after midnight,
# `luodi tick --keep-only`), the state every question after midnight meets.
cp "$small" "$work/small.db"
"$luodi" --db "$work/small.db" outbox --limit 1 >/dev/null 2>&1  # this build's schema, untimed
read -r cold_s _ < <(measure "$luodi" --db "$work/small.db" overdue --json)
"$luodi" --db "$work/small.db" tick --keep-only >/dev/null
# The median of eleven runs in seconds, timed to the microsecond (time(1)
# rounds to 10 ms); the last run's output stays in $work/stdout.
median11() {
  for _ in $(seq 11); do
    local from=$EPOCHREALTIME
    "$@" >"$work/stdout" 2>"$work/stderr"
    awk -v a="$from" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }'
  done | sort -n | sed -n 6p
}
small_s=$(median11 "$luodi" --db "$work/small.db" overdue --json)
small_rows=$(grep -c '"code"' "$work/stdout" || true)
tw_s=$(TASKRC=/dev/null median11 task "${taskrc[@]}" +OVERDUE export)
tw_rows=$(grep -o '"uuid"' "$work/stdout" | wc -l)
if [ "$small_rows" = "$tw_rows" ]; then
  tw_ratio=$(ratio "$small_s" "$tw_s")
else
  tw_ratio="none: the two lists differ ($small_rows against $tw_rows rows)"
fi
printf 'at 10,000: overdue --json (%d rows) %.4f s (before the day is kept: %.3f s); task +OVERDUE export (%d rows) %.4f s, medians of 11: ratio %s (goal ≤ 0.1)\n' \
  "$small_rows" "$small_s" "$cold_s" "$tw_rows" "$tw_s" "$tw_ratio"
