#!/usr/bin/env bash
# The dashboard in a real browser: loads the example city, adds a supervisor,
# a leader and a unit, starts `luodi serve --wall` on a free port with a fixed
# clock, and runs every *.test.mjs here (dashboard, phone, then work.test.mjs;
# node:test + playwright-core driving Debian's chromium). Screenshots of each page go to ARTIFACTS.
#   tests/browser/run.sh LUODI_BINARY ARTIFACTS
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$1
artifacts=$2
mkdir -p "$artifacts"

chromium=${LUODI_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "no chromium at $chromium: run scripts/install-deps.sh --browser" >&2; exit 1; }
command -v node >/dev/null || { echo "no node: run scripts/install-deps.sh --browser" >&2; exit 1; }

# playwright-core, pinned by package-lock.json; installed once.
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "luodi serve ($server_pid) outlived the test" >&2
      kill -9 "$server_pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT

db="$work/xx-city.db"
LUODI_NOW=2026-07-31 LUODI_BIN="$bin" "$root/examples/xx-city/load.sh" "$db" >/dev/null
luodi() { "$bin" --db "$db" "$@"; }
# A leader who has a blocked project, and a unit with an active one.
leader=$(luodi --now 2026-07-31 list --status blocked --json | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].leader))')
unit=$(luodi --now 2026-07-31 list --status active --json | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).find(p=>p.key).unit))')
# An instruction on one of the leader's blocked projects, given on 07-24 and
# due 07-27: four days overdue on 07-31.
read -r overdue_code overdue_blocker < <(luodi --now 2026-07-31 list --status blocked --leader "$leader" --json | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const p of JSON.parse(s)){const b=p.blockers.find(b=>b.since<="2026-07-24");if(b){console.log(p.code,b.id);return}}})')
[ -n "$overdue_code" ] || { echo "no blocked project of $leader blocked by 2026-07-24" >&2; exit 1; }
luodi --now 2026-07-24 instruct "$overdue_code" --blocker "$overdue_blocker" --text 请自然资源局三日内落实用地指标 \
  --assignee 自然资源局 --due 2026-07-27 --by "$leader" >/dev/null
# A project whose name and blocker are markup with a handler: shown as text
# everywhere, run nowhere (dashboard.test.mjs counts calls of luodiXss).
xss='<img src=x onerror=luodiXss()>'
luodi --now 2026-07-31 add XSS-1 --name "$xss" --unit "$unit" --leader "$leader" --stage 签约 \
  --stage-since 2026-06-01 --key yes >/dev/null
luodi --now 2026-07-31 block XSS-1 --category policy --reason "$xss" --on 2026-07-20 >/dev/null
export XSS_CODE=XSS-1 XSS_TEXT="$xss"
export SUPERVISOR_TOKEN LEADER_TOKEN UNIT_TOKEN PROVINCE_TOKEN LEADER_NAME="$leader" UNIT_NAME="$unit" OVERDUE_CODE="$overdue_code"
SUPERVISOR_TOKEN=$(luodi --now 2026-07-31 user add 督查员 --role supervisor | tail -1)
LEADER_TOKEN=$(luodi --now 2026-07-31 user add "$leader" --role leader | tail -1)
UNIT_TOKEN=$(luodi --now 2026-07-31 user add "${unit}办" --role unit --unit "$unit" | tail -1)
PROVINCE_TOKEN=$(luodi --now 2026-07-31 user add 省发改委 --role province | tail -1)

# Started directly, not through the luodi function: $! must be the server's
# own pid (a function runs in a subshell), or cleanup kills the subshell and
# leaves the server running.
"$bin" --db "$db" --now 2026-07-31T10:00 serve --listen 127.0.0.1:0 --wall >"$work/serve.out" 2>"$artifacts/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
BASE_URL=$(sed -n 's/^listening on //p' "$work/serve.out")
[ -n "$BASE_URL" ] || { echo "luodi serve did not start" >&2; cat "$artifacts/serve.log" >&2; exit 1; }
export BASE_URL CHROMIUM="$chromium" SCREENSHOTS="$artifacts" NODE_MODULES="$here/node_modules"
# LUODI_BROWSER_TESTS: some of the files only (a glob under tests/browser,
# e.g. 'work*'), while working on them; the files run in name order.
node --test --test-concurrency=1 "$here"/${LUODI_BROWSER_TESTS:-*}.test.mjs
