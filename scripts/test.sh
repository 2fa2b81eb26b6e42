#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a passing test suite:
# installs what is missing, builds and runs every test (ctest), then builds
# and runs them again under AddressSanitizer + UndefinedBehaviorSanitizer,
# then builds the libFuzzer targets with clang (when clang is there) and runs
# each for a short smoke time. A suite that leaves a luodi process running fails.
# The PostgreSQL tests run in a throwaway cluster started here with Debian's
# pg_virtualenv (and dropped when the suites end); $LUODI_TEST_POSTGRES names
# it to the tests, which then must not skip (LUODI_REQUIRE_POSTGRES=1).
# First scripts/check-tree.sh: no include cycle between engine/ folders, the
# README's layout names what the tree holds, every file follows .clang-format.
#   LUODI_SKIP_SANITIZERS=1  the plain build only (no ASan suite, no fuzzing)
#   LUODI_FUZZ_SECONDS=N     how long each fuzz target runs (default 20)
#   LUODI_RELIABILITY_LONG=1  the reliability suite's longer rounds (tests/reliability)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc)
"$root/scripts/install-deps.sh" --browser --postgres
if [ -z "${LUODI_TEST_POSTGRES:-}" ]; then
  # Everything below runs again inside a new cluster (its PG* variables set).
  export LUODI_TEST_POSTGRES="postgresql://" LUODI_REQUIRE_POSTGRES=1
  exec pg_virtualenv -t -v 15 "${BASH_SOURCE[0]}" "$@"
fi

echo "== the tree: include cycles between engine/ folders, the README's layout, the format"
"$root/scripts/check-tree.sh"

# Every luodi process started from build directory $1 must be gone.
no_process_left() {
  local left
  left=$(pgrep -f -- "$1/engine/cli/luodi " || true)
  if [ -n "$left" ]; then
    echo "tests left luodi processes running:" >&2
    ps -o pid,args -p "$(echo $left | tr ' ' ,)" >&2 || true
    kill -9 $left 2>/dev/null || true
    return 1
  fi
}

run_suite() {  # build-dir, extra cmake args… ($ctest_args: more for ctest)
  local dir=$1; shift
  cmake -S "$root" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest --output-on-failure -j"$jobs" ${ctest_args:-})
  no_process_left "$dir"
}

echo "== tests (RelWithDebInfo)"
run_suite "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLUODI_BUILD_TESTS=ON
if [ "${LUODI_SKIP_SANITIZERS:-0}" = 1 ]; then exit 0; fi

echo "== tests under ASan + UBSan"
# The reliability suite (tests/reliability: deadlines in lease times under
# load) runs in the plain build, at the speed it is promised for; every other
# test runs here too.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest_args="-LE reliability" run_suite "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DLUODI_SANITIZE=ON -DLUODI_BUILD_TESTS=ON -DLUODI_BUILD_BENCH=OFF

if ! command -v clang++ >/dev/null; then
  echo "== fuzzing skipped: no clang++ on this machine"
  exit 0
fi
echo "== fuzz targets (libFuzzer, ASan + UBSan), ${LUODI_FUZZ_SECONDS:-20} s each"
fuzz="$root/build-fuzz"
CC=clang CXX=clang++ cmake -S "$root" -B "$fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLUODI_FUZZ=ON \
  -DLUODI_BUILD_TESTS=OFF -DLUODI_BUILD_BENCH=OFF >/dev/null
cmake --build "$fuzz" -j"$jobs" --target fuzz_workflow fuzz_calendar fuzz_campaign fuzz_targets fuzz_scenario \
  fuzz_calendar_load fuzz_workflow_apply \
  fuzz_csv_import fuzz_api fuzz_xlsx fuzz_robot_answer
"$root/tests/fuzz/run.sh" "$fuzz/tests/fuzz" "${LUODI_FUZZ_SECONDS:-20}"
