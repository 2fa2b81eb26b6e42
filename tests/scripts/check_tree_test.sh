#!/usr/bin/env bash
# scripts/check-tree.sh passes on the tree and fails, naming what is wrong,
# on a copy with a folder include cycle planted or a header left out of the
# README's layout. Usage: check_tree_test.sh SOURCE_DIR
set -uo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy() {  # a fresh copy of what the check reads, in $work/tree
  rm -rf "$work/tree" && mkdir -p "$work/tree"
  cp -r "$src/scripts" "$src/engine" "$src/include" "$src/README.md" "$work/tree/"
  mkdir -p "$work/tree/workflows" "$work/tree/examples" "$work/tree/tests" "$work/tree/bench"
}
fail() { echo "check_tree_test: $*" >&2; exit 1; }

copy
"$work/tree/scripts/check-tree.sh" --no-format >"$work/out" 2>&1 ||
  fail "the tree itself fails: $(cat "$work/out")"

echo '#include "server/api.h"' >>"$work/tree/engine/model/light.cc"
if "$work/tree/scripts/check-tree.sh" --no-format >"$work/out" 2>&1; then
  fail "a planted cycle (model -> server) passed"
fi
grep -q "has a cycle: .*model -> server" "$work/out" || fail "the cycle is not named: $(cat "$work/out")"
grep -q "model -> server: engine/model/light.cc includes server/api.h" "$work/out" ||
  fail "the include that closes the cycle is not named: $(cat "$work/out")"

copy
sed -i '/^  campaign_status.h /d' "$work/tree/README.md"
if "$work/tree/scripts/check-tree.sh" --no-format >"$work/out" 2>&1; then
  fail "a header left out of the README's layout passed"
fi
grep -q "does not name include/luodi/campaign_status.h" "$work/out" ||
  fail "the missing header is not named: $(cat "$work/out")"
echo "check_tree_test: ok"
