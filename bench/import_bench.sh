#!/usr/bin/env bash
# The monthly spreadsheet at scale: a generated city exported as CSV and as an
# xlsx workbook, each imported into a fresh database (time and peak memory,
# the workbook as a ratio of the CSV in the same run), then import --update of
# the CSV with 1% of its rows edited beside a plain import of the same file.
#   bench/import_bench.sh [BUILD_DIR] [PROJECTS]   (default build, 100000)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
projects=${2:-100000}
luodi=$build/engine/cli/luodi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LUODI_NOW=2026-06-30T10:00

"$build/bench/make_city" "$work/city.db" "$projects" signed >/dev/null
"$luodi" --db "$work/city.db" export -o "$work/sheet.csv" >/dev/null
"$luodi" --db "$work/city.db" export -o "$work/sheet.xlsx" >/dev/null
ls -l "$work/sheet.csv" "$work/sheet.xlsx" | awk '{print "  " $9 ": " $5 " bytes"}'

measure() {  # label, luodi args…  → "seconds kb"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$luodi" "$@" >/dev/null
  read -r s kb <"$work/time"
  printf '%-34s %8.2f s %9d KB\n' "$label" "$s" "$kb" >&2
  echo "$s $kb"
}
fresh() { rm -f "$work/$1"*; "$luodi" --db "$work/$1" init >/dev/null; }

fresh csv.db
read -r csv_s csv_kb < <(measure "import CSV ($projects rows)" --db "$work/csv.db" import "$work/sheet.csv")
fresh xlsx.db
read -r xlsx_s xlsx_kb < <(measure "import xlsx ($projects rows)" --db "$work/xlsx.db" import "$work/sheet.xlsx")
awk -v a="$xlsx_s" -v b="$csv_s" -v c="$xlsx_kb" -v d="$csv_kb" \
  'BEGIN { printf "xlsx / CSV: time %.2f× (goal ≤ 2), peak memory %.2f× (goal ≤ 1.5)\n", a / b, c / d }'

# 1% of the rows edited: a contract re-signed for 1 万元 more.
awk -F, -v OFS=, 'NR > 2 && NR % 100 == 0 && $7 != "" { $7 = $7 + 1 } { print }' "$work/sheet.csv" >"$work/edited.csv"
read -r up_s up_kb < <(measure "import --update (1% edited)" --db "$work/city.db" import "$work/edited.csv" --update)
edited=$(awk -F, 'NR == 100 { print $1 }' "$work/sheet.csv")
"$luodi" --db "$work/city.db" history "$edited" --json | grep -c '"kind": "update"' | sed "s/^/  $edited (an edited row) has update events: /"
awk -v a="$up_s" -v b="$csv_s" 'BEGIN { printf "update / plain import of the same rows: %.2f×\n", a / b }'
