# Sourced by bench/scale_bench.sh: the tick: luodi beside the writes any tick must make.
# Uses its variables (build, luodi, db, work, projects, next, …) and helpers
# (measure, ratio, p99_ms, rps).
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
