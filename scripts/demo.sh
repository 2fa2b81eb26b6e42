#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the example city's dashboard:
# installs what is missing, builds luodi (in build-demo/), loads examples/xx-city
# into build-demo/xx-city.db, writes the half-year report (HTML and Excel), and serves
# the dashboard and the wall chart until Ctrl-C.
#   LUODI_PORT   port to listen on (default 8080; 0 picks a free one)
#   LUODI_NOW    the server's clock (default 2026-07-31T10:00: day 31 of the
#                example city's hundred-day campaign, where its story stands)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
build="$root/build-demo"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLUODI_BUILD_TESTS=OFF -DLUODI_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target luodi >/dev/null
luodi="$build/engine/cli/luodi"
db="$build/xx-city.db"
out="$build/demo"
now=${LUODI_NOW:-2026-07-31T10:00}
mkdir -p "$out"
rm -f "$db" "$db-wal" "$db-shm"
LUODI_NOW=${now%%T*} LUODI_BIN="$luodi" "$root/examples/xx-city/load.sh" "$db"
city() { "$luodi" --db "$db" --now "$now" "$@"; }

echo
echo "== the half-year report's headline: luodi report --as-of 2026-06-30"
city report --as-of 2026-06-30 | sed -n '/^## 主要指标/,/^## 项目推进阶段/p' | sed '$d'
city report --as-of 2026-06-30 --format html -o "$out/report-2026-06-30.html" >/dev/null
city report --as-of 2026-06-30 --format xlsx -o "$out/report-2026-06-30.xlsx" >/dev/null
echo "(the whole report: $out/report-2026-06-30.html and .xlsx; --format md|csv|json, --lang en)"

# Users of the dashboard: a supervisor, a leader with a blocked project, and a unit.
supervisor=$(city user add 督查科 --role supervisor)
leader=$(city user add 钱立新 --role leader)
unit=$(city user add 马涧镇招商办 --role unit --unit 马涧镇)

# Directly, not through city(): $! must be the server itself, not a subshell.
"$luodi" --db "$db" --now "$now" serve --listen "127.0.0.1:${LUODI_PORT:-8080}" --wall >"$out/serve.out" 2>"$out/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; exit 0' INT TERM
for _ in $(seq 1 50); do
  grep -q '^listening on ' "$out/serve.out" && break
  kill -0 $server 2>/dev/null || { cat "$out/serve.log" >&2; exit 1; }
  sleep 0.1
done
address=$(sed -n 's/^listening on //p' "$out/serve.out")
cat <<EOF

== the dashboard is up (the city's clock: $now)
Dashboard:   $address/
Wall chart:  $address/wall        (no token: served with --wall)
Sign in with a token:
  supervisor 督查科       $supervisor
  leader     钱立新       $leader        (instructions on blocked projects)
  unit       马涧镇招商办  $unit        (transitions of 马涧镇's projects)
Server log:  $out/serve.log
Try the CLI: export LUODI_DB=$db PATH=$build/engine/cli:\$PATH; luodi help
Ctrl-C stops the server.
EOF
wait $server
