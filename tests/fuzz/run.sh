#!/usr/bin/env bash
# Runs each libFuzzer target for a smoke time, seeded from examples/ and
# workflows/ (and tests/fuzz/seeds/). A crash, a leak, a timeout or an
# out-of-memory fails the run; the input that did it is kept under
# FUZZ_DIR/findings/ to become a regression test.
#   tests/fuzz/run.sh FUZZ_DIR SECONDS
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=$1
seconds=$2
findings="$dir/findings"
mkdir -p "$findings"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seeds() {  # target → seed files
  case $1 in
    fuzz_workflow) echo "$root"/workflows/key-project.yaml ;;
    fuzz_calendar) echo "$root"/workflows/calendars/*.yaml ;;
    fuzz_campaign) echo "$root"/workflows/campaigns/*.yaml ;;
    fuzz_targets) echo "$root"/workflows/targets/*.yaml ;;
    fuzz_calendar_load) echo "$root"/workflows/calendars/*.yaml "$here"/seeds/calendar/* ;;
    fuzz_workflow_apply) echo "$root"/workflows/key-project.yaml "$here"/seeds/workflow/* ;;
    fuzz_scenario) echo "$here"/seeds/scenario/* ;;
    fuzz_csv_import) echo "$root"/examples/xx-city/*.csv ;;
    fuzz_api) echo "$here"/seeds/api/* ;;
    fuzz_xlsx) echo "$here"/seeds/xlsx/* "$here"/seeds/xls/* "$root"/tests/data/import/*.xlsx ;;
    fuzz_robot_answer) echo "$here"/seeds/robots/* ;;
  esac
}

passed=0
failed=0
for target in fuzz_workflow fuzz_calendar fuzz_campaign fuzz_targets fuzz_scenario fuzz_calendar_load \
    fuzz_workflow_apply fuzz_csv_import fuzz_api fuzz_xlsx fuzz_robot_answer; do
  corpus="$work/$target"
  mkdir -p "$corpus"
  cp $(seeds $target) "$corpus/"
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$dir/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$findings/$target-" "$corpus" >"$work/$target.log" 2>&1; then
    # -a: a target's log may hold bytes of its inputs (grep would call it binary).
    runs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$work/$target.log" | tail -1 | grep -o '[0-9]*$')
    echo "fuzz $target: ok ($runs runs in ${seconds} s)"
    passed=$((passed + 1))
  else
    echo "fuzz $target: FAILED (input kept in $findings)" >&2
    tail -40 "$work/$target.log" >&2
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
