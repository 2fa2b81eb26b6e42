#!/usr/bin/env bash
# End-to-end with curl: the real binary serves a real SQLite file; a
# supervisor, a unit and a leader use it as their scripts would.
set -euo pipefail
luodi=$1
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export LUODI_DB=$work/city.db LUODI_NOW=2026-06-30T10:00
mkdir "$work/none"
"$luodi" init --campaigns "$work/none" >/dev/null
"$luodi" add P1 --name 甲 --unit 游埠镇 --leader 王建国 --stage pre_review --stage-since 2026-06-01 >/dev/null
sup=$("$luodi" user add 督查员 --role supervisor)
unit=$("$luodi" user add 女埠 --role unit --unit 女埠街道)
"$luodi" serve --listen 127.0.0.1:0 > "$work/out" 2> "$work/log" &
server=$!
for _ in $(seq 50); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/out")
fail() { echo "FAIL: $*"; cat "$work/log"; exit 1; }
code() { curl -s -o "$work/body" -w '%{http_code}' "$@"; }

[ "$(code "$base/healthz")" = 200 ] || fail healthz
[ "$(code "$base/api/projects")" = 401 ] || fail "no token must be 401"
[ "$(code -H "Authorization: Bearer $unit" -X POST -d '{"to":"site_entry"}' "$base/api/projects/P1/advance")" = 403 ] \
  || fail "another unit's project must be 403"
[ "$(code -H "Authorization: Bearer $sup" -X POST -d '{"to":"site_entry","note":"进场"}' "$base/api/projects/P1/advance")" = 200 ] \
  || fail "supervisor advance"
grep -q '"stage":"site_entry"' "$work/body" || fail "advance answer: $(cat "$work/body")"
[ "$(code -H "Authorization: Bearer $sup" -X POST -d '{"to":"production"}' "$base/api/projects/P1/advance")" = 409 ] \
  || fail "illegal move must be 409"
grep -q '"code":"refused"' "$work/body" || fail "409 body"
[ "$(code -H "Authorization: Bearer $sup" -X POST -d '{"to":' "$base/api/projects/P1/advance")" = 400 ] || fail "truncated JSON"
[ "$(code -H "Authorization: Bearer $sup" "$base/api/stats?as_of=2026-06-30")" = 200 ] || fail stats
grep -q '"key_projects":1' "$work/body" || fail "stats body"
[ "$(code "$base/metrics")" = 200 ] || fail metrics
grep -q 'luodi_http_requests_total{route="/api/projects/{code}/advance",status="409"} 1' "$work/body" || fail "metrics body"
# The CLI sees what the API wrote, while the server runs.
"$luodi" show P1 --json | grep -q '"stage": "site_entry"' || fail "CLI view"
kill -TERM "$server"
wait "$server" || fail "exit code $? after SIGTERM"
server=""
echo "1 passed, 0 failed"
