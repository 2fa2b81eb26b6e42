#!/usr/bin/env bash
# How soon does another instance take a city's scheduled work over when the
# one holding its lease is killed with SIGKILL? Two `luodi serve` on one
# PostgreSQL database, each serving every city (three cities); the one that
# holds leases is killed, and the other's /healthz is asked every 20 ms until
# it holds every city. Printed beside the lease's time (the baseline: the
# most a takeover should take), for the default lease and a short one.
#   bench/takeover_bench.sh URI [BUILD_DIR] [RUNS]
# URI: a libpq URI of a cluster where a scratch database may be created
# (e.g. inside pg_virtualenv: "postgresql:///postgres").
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
uri=$1
build=${2:-$root/build}
runs=${3:-3}
luodi=$build/engine/cli/luodi
db=luodi_takeover_$$
scratch=${uri/\/postgres/\/$db}  # the same cluster, the scratch database
work=$(mktemp -d)
a="" b=""
cleanup() {
  for p in $a $b; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  psql -q "$uri" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -q "$uri" -c "CREATE DATABASE $db" >/dev/null
export LUODI_NOW=2026-06-30T10:00
"$luodi" --db "$scratch" init >/dev/null
for c in suzhou hefei; do "$luodi" --db "$scratch" city add "$c" --name "$c" >/dev/null; done

leases() {  # PORT → the cities whose lease that server holds, comma-separated
  curl -s "http://127.0.0.1:$1/healthz" | sed -n 's/.*"leases":\[\([^]]*\)\].*/\1/p' | tr -d '"'
}
port_of() { for _ in $(seq 200); do grep -q '^listening on ' "$1" 2>/dev/null && break; sleep 0.05; done
            sed -n 's/^listening on http:\/\/127.0.0.1://p' "$1"; }
now_ms() { date +%s%3N; }

takeover() {  # LEASE_MS → milliseconds from the kill until the other holds every city
  "$luodi" --db "$scratch" serve --listen 127.0.0.1:0 --all-cities --lease-ms "$1" --send-at 23:59 >"$work/a" 2>/dev/null &
  a=$!
  local pa; pa=$(port_of "$work/a")
  for _ in $(seq 400); do [ "$(leases "$pa")" = "default,hefei,suzhou" ] && break; sleep 0.05; done
  "$luodi" --db "$scratch" serve --listen 127.0.0.1:0 --all-cities --lease-ms "$1" --send-at 23:59 >"$work/b" 2>/dev/null &
  b=$!
  local pb; pb=$(port_of "$work/b")
  sleep 0.5
  local killed; killed=$(now_ms)
  kill -9 "$a"; wait "$a" 2>/dev/null || true; a=""
  until [ "$(leases "$pb")" = "default,hefei,suzhou" ]; do sleep 0.02; done
  echo $(( $(now_ms) - killed ))
  kill -TERM "$b"; wait "$b" 2>/dev/null || true; b=""
}

printf 'takeover after SIGKILL of the lease holder (3 cities, %s runs each)\n' "$runs"
for lease in 1500 15000; do
  times=()
  for _ in $(seq "$runs"); do times+=("$(takeover "$lease")"); done
  printf '%s\n' "${times[@]}" | sort -n | awk -v lease="$lease" '
    { t[NR] = $1 } END {
      printf "  lease %6d ms: takeover min %6d ms, median %6d ms, max %6d ms = %.2f× the lease (goal: ≤ 1×: %s)\n",
        lease, t[1], t[int((NR + 1) / 2)], t[NR], t[NR] / lease, (t[NR] <= lease ? "met" : "not met") }'
done
