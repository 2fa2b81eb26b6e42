#!/usr/bin/env bash
# Deployment: the .deb that `cpack -G DEB` builds resolves with apt (a
# simulated install) and, unpacked into a scratch root, holds the binary, the workflows and luodi.service (a dedicated user,
# restart on failure, the journal); the unit's own command line, started
# from that root against a scratch database, serves /healthz; SIGTERM stops it.
set -euo pipefail
build=$1
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill -9 "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/log" ] && cat "$work/log"; exit 1; }

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail cpack; }
deb=$(ls "$work"/pkg/luodi_*.deb)
version=$(dpkg-deb -f "$deb" Version)
dpkg-deb -f "$deb" Depends | grep -q libpq5 || fail "Depends lacks libpq5: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -f "$deb" Depends | grep -q adduser || fail "Depends lacks adduser"
# apt would install it: every Depends resolves (a simulation; nothing changes).
if command -v apt-get >/dev/null; then
  apt-get install -s -q "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install -s"; }
  grep -q '^Inst luodi ' "$work/apt.log" || { cat "$work/apt.log"; fail "apt would not install luodi"; }
fi
dpkg-deb -e "$deb" "$work/control"
grep -q 'adduser --system --group' "$work/control/postinst" || fail "postinst makes no luodi user"

root=$work/root
dpkg-deb -x "$deb" "$root"
[ -x "$root/usr/bin/luodi" ] || fail "no /usr/bin/luodi"
[ -f "$root/usr/share/luodi/workflows/key-project.yaml" ] || fail "no workflows"
unit=$root/usr/lib/systemd/system/luodi.service
[ -f "$unit" ] || fail "no luodi.service"
for line in '^User=luodi$' '^Restart=on-failure$' '^StandardOutput=journal$' '^Environment=LUODI_DB=' \
            '^ExecStart=/usr/bin/luodi serve --listen \${LUODI_LISTEN}'; do
  grep -q "$line" "$unit" || fail "luodi.service lacks $line"
done
luodi=$root/usr/bin/luodi
[ "$("$luodi" --version | head -1)" = "luodi $version" ] || fail "--version: $("$luodi" --version)"

# The unit's command line from the scratch root, its variables set as the
# unit sets them; the installed workflows (beside the binary) make the city.
export LUODI_DB=$work/var/luodi.db LUODI_NOW=2026-06-30T10:00
mkdir -p "$work/var"
LUODI_WORKFLOWS= "$luodi" init >/dev/null || fail "init with the installed workflows"
execstart=$(sed -n 's/^ExecStart=//p' "$unit")
cmd=${execstart/\/usr\/bin\/luodi/$luodi}
cmd=${cmd/'${LUODI_LISTEN}'/127.0.0.1:0}
cmd=${cmd/'$LUODI_SERVE_ARGS'/}
# shellcheck disable=SC2086  # the unit's words, split as systemd splits them
$cmd >"$work/out" 2>"$work/log" &
server=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/out")
[ -n "$base" ] || fail "the unit's command did not listen"
curl -sf "$base/healthz" | grep -q '"store":"sqlite"' || fail "healthz: $(curl -s "$base/healthz")"
kill -TERM "$server"
wait "$server" || fail "exit code $? after SIGTERM"
server=""
echo "1 passed, 0 failed ($(basename "$deb"))"
