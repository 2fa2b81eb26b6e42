# Sourced by bench/scale_bench.sh: the tick: luodi beside the writes any tick must make.
# Uses its variables (build, luodi, db, work, cities, projects, day, next, …) and helpers
# (measure, ratio).
#
# The floor is luodi's own writes replayed raw on a second copy of the city
# taken before the tick: the outbox rows this tick made (INSERT … SELECT) and
# each schedule column of the projection where the tick changed it (one UPDATE
# a column group, only the rows whose value changed): the same rows, indexes
# and triggers, none of the working out. What the tick wrote is staged in a
# side file first (untimed), so the floor reads no more than it writes.

# The schedule columns, grouped as luodi sets them.
floor_groups=("due_on, due_stage, due_source, due_provisional" "light" "light_since"
  "yellow_since" "checked_on" "next_check_on")

# floor PRE TICKED SINCE: seconds to replay on PRE what the tick on TICKED wrote
# (outbox rows created at or after SINCE, changed schedule columns).
floor() {
  local pre=$1 ticked=$2 since=$3 stage=$work/stage.db sql="" g cols set changed c
  rm -f "$stage"
  sqlite3 "$stage" "ATTACH '$ticked' AS t;
    CREATE TABLE outbox AS SELECT * FROM t.outbox WHERE created_at >= '$since';" >/dev/null
  for g in "${floor_groups[@]}"; do
    cols=${g//,/}
    set="" changed=""
    for c in $cols; do
      set+="${set:+, }$c = s.$c"
      changed+="${changed:+ OR }s.$c IS NOT projects.$c"
    done
    sql+="UPDATE projects SET $set FROM s.schedule_${cols%% *} AS s WHERE s.code = projects.code AND ($changed);"
    # The rows whose group changed, with the group's new values.
    local pc="" tc=""
    for c in $cols; do
      pc+="${pc:+ OR }a.$c IS NOT b.$c"
      tc+="${tc:+, }a.$c"
    done
    sqlite3 "$stage" "ATTACH '$ticked' AS t; ATTACH '$pre' AS p;
      CREATE TABLE schedule_${cols%% *} AS SELECT a.code, $tc FROM t.projects a
        JOIN p.projects b ON b.code = a.code WHERE $pc;" >/dev/null
  done
  measure sqlite3 "$pre" "ATTACH '$stage' AS s; BEGIN;
    INSERT INTO outbox SELECT * FROM s.outbox;
    $sql
    COMMIT;" >"$work/floor_time"
  read -r floor_s _ <"$work/floor_time"
  rm -f "$stage"
  echo "$floor_s"
}

# share CITY DAY: the percentage of CITY's projects due for a look on DAY.
share() {
  sqlite3 "$1" "SELECT round(100.0 * (SELECT count(*) FROM projects WHERE next_check_on <= '$2')
    / max(1, (SELECT count(*) FROM projects)), 2)"
}

# day_line LABEL CITY WANT: the next-day tick of a copy of CITY (made with
# --due-share WANT %) beside its floor.
day_line() {
  local label=$1 copy=$2 want=$3 pre=$work/pre.db got
  got=$(share "$copy" "$next")
  if awk -v a="$got" -v b="$want" 'BEGIN { exit !(a - b > 0.2 || b - a > 0.2) }'; then
    echo "tick $label day: $copy has $got% due on $next, not $want% (made by an older" \
      "generator? delete it and run again)" >&2
    exit 1
  fi
  cp "$copy" "$pre"
  read -r tick_s tick_kb < <(measure "$luodi" --db "$copy" tick)
  local floor_s
  floor_s=$(floor "$pre" "$copy" "$next")
  rm -f "$pre"*
  printf 'tick %s day (%s%% of %d due): %.3f s, peak %d MB, floor %.3f s, ratio %s (goal ≤ 2)\n' \
    "$label" "$got" "$projects" "$tick_s" $((tick_kb / 1024)) "$floor_s" "$(ratio "$tick_s" "$floor_s")"
}

# The cities of this part, made once and kept in $cities: the 22% one (the
# day after a long outage) ticked on its first day like the main one; a
# fresh 1% one never ticked (its first tick is measured).
d22=$cities/city-$projects-d22.db
if [ ! -f "$d22" ]; then
  echo "making a city of $projects projects, 22% due on $next, in $d22 (once) …"
  "$build/bench/make_city" "$d22.new" "$projects" --due-share 0.22 >/dev/null
  LUODI_NOW=${day}T09:00 "$luodi" --db "$d22.new" tick >/dev/null 2>&1
  mv "$d22.new" "$d22"
fi
fresh=$cities/city-$projects-fresh.db
if [ ! -f "$fresh" ]; then
  echo "making a fresh city of $projects projects in $fresh (once) …"
  "$build/bench/make_city" "$fresh.new" "$projects" >/dev/null
  mv "$fresh.new" "$fresh"
fi

# The main city ($db, made with the default 1% share) is ticked here: the
# later parts read it as it is after this tick.
day_line "1%" "$db" 1
cp "$d22" "$work/d22.db"
"$luodi" --db "$work/d22.db" outbox --limit 1 >/dev/null 2>&1 # this build's schema, untimed
day_line "22%" "$work/d22.db" 22
rm -f "$work/d22.db"*

# The first tick of a newly made city: every project looked at, every
# reminder it calls for made and handed out (streamed, not held).
cp "$fresh" "$work/fresh.db"
LUODI_NOW=${day}T09:00 "$luodi" --db "$work/fresh.db" outbox --limit 1 >/dev/null 2>&1
cp "$work/fresh.db" "$work/pre.db"
read -r first_s first_kb < <(measure env LUODI_NOW=${day}T09:00 "$luodi" --db "$work/fresh.db" tick)
first_floor=$(floor "$work/pre.db" "$work/fresh.db" "$day")
rm -f "$work/pre.db"* "$work/fresh.db"*
printf 'first tick, fresh %d: %.3f s, peak %d MB, floor %.3f s, ratio %s (goal ≤ 3, ≤ 300 MB)\n' \
  "$projects" "$first_s" $((first_kb / 1024)) "$first_floor" "$(ratio "$first_s" "$first_floor")"
