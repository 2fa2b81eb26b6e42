#!/usr/bin/env bash
# Loads the example city into a new database:
#   examples/xx-city/load.sh [DB]        (default: xx-city.db)
# Uses $LUODI_BIN (default: luodi on the PATH).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${LUODI_BIN:-luodi}
db=${1:-xx-city.db}
luodi() { "$bin" --db "$db" "$@" >/dev/null; }
"$bin" --db "$db" init
"$bin" --db "$db" import "$here/projects.csv" --by 督查科
"$bin" --db "$db" import "$here/pipeline.csv" --by 督查科
"$bin" --db "$db" contact import "$here/contacts.yaml"
# shellcheck source=events.sh
source "$here/events.sh"
# shellcheck source=investment.sh
source "$here/investment.sh"
echo "loaded $(grep -c '^luodi ' "$here/events.sh") events and" \
  "$(grep -c '^luodi invest ' "$here/investment.sh") investment reports into $db"
