#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the example city:
# installs what is missing, builds luodi, loads examples/xx-city into
# build/xx-city.db and shows where the city stood on 2026-06-30.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release -DLUODI_BUILD_TESTS=OFF >/dev/null
cmake --build "$root/build" -j"$(nproc)" --target luodi >/dev/null
luodi="$root/build/engine/cli/luodi"
db="$root/build/xx-city.db"
rm -f "$db" "$db-wal" "$db-shm"
LUODI_BIN="$luodi" "$root/examples/xx-city/load.sh" "$db"
echo
echo "== luodi stats --as-of 2026-06-30 (the half-year report's headline)"
"$luodi" --db "$db" stats --as-of 2026-06-30
echo
echo "== luodi list --status blocked"
"$luodi" --db "$db" list --status blocked
echo
echo "== luodi history LX-2026-023 (the cancelled blanket project)"
"$luodi" --db "$db" history LX-2026-023
echo
echo "== the hundred-day campaign on 2026-07-31: luodi --now 2026-07-31 campaign status hundred-day-2026"
"$luodi" --db "$db" --now 2026-07-31 campaign status hundred-day-2026
echo
echo "== red lights on 2026-07-31: luodi --now 2026-07-31 list --light red"
"$luodi" --db "$db" --now 2026-07-31 list --light red
echo
echo "Try it yourself:  export LUODI_DB=$db PATH=$root/build/engine/cli:\$PATH; luodi help"
