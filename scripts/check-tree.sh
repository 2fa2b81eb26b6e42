#!/usr/bin/env bash
# Checks the tree's shape, which no compiler does (scripts/test.sh runs it first):
#   1. the include graph between engine/ folders has no cycle (it prints one);
#   2. the README's layout names every public header and every engine/ folder,
#      and nothing that is not there;
#   3. every C++ file follows .clang-format (when clang-format is installed).
# Usage: scripts/check-tree.sh [--no-format]. Exit 0 when all hold, 1 otherwise.
#
# A folder depends on another when one of its files includes a header of the
# other: a private header by its path ("store/store.h"), a public header
# (luodi/NAME.h) by the folder that implements it — the one holding NAME.cc,
# or folder NAME/, or the table below. A public header of types only belongs
# to no folder. A public header itself counts as a file of its folder.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1
check_format=1
[ "${1:-}" = "--no-format" ] && check_format=0
failed=0

# Public headers not implemented in a file or folder of their name.
# "-": types only (or inline), no folder.
declare -A implemented_in=(
  [city]=store          # check_city_id: store/open_store.cc
  [digest]=notify       # notify/digests.cc
  [message]=-
  [page]=common         # common/page.cc
  [snapshot]=-
  [source]=-
  [write]=-
)

declare -A folder_of
for header in include/luodi/*.h; do
  name=$(basename "$header" .h)
  impl=$(find engine -mindepth 2 -maxdepth 2 -name "$name.cc" | head -1)
  if [ -n "${implemented_in[$name]:-}" ]; then
    folder_of[$name]=${implemented_in[$name]}
  elif [ -n "$impl" ]; then
    folder_of[$name]=$(echo "$impl" | cut -d/ -f2)
  elif [ -d "engine/$name" ]; then
    folder_of[$name]=$name
  else
    echo "check-tree: include/luodi/$name.h: no engine/*/$name.cc and no folder engine/$name/;" \
      "name the folder that implements it (or - for types only) in scripts/check-tree.sh" >&2
    failed=1
  fi
done

# "FROM TO FILE HEADER", one line per include that crosses folders.
edges() {
  local file from inc to name
  while read -r file; do
    case "$file" in
      include/luodi/*) from=${folder_of[$(basename "$file" .h)]:--} ;;
      *) from=$(echo "$file" | cut -d/ -f2) ;;
    esac
    [ "$from" = - ] && continue
    while read -r inc; do
      case "$inc" in
        luodi/*) name=$(basename "$inc" .h); to=${folder_of[$name]:--} ;;
        */*) to=${inc%%/*} ;;
        *) to=- ;;
      esac
      if [ "$to" != - ] && [ "$to" != "$from" ]; then echo "$from $to $file $inc"; fi
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file")
  done < <(find engine include/luodi -name '*.h' -o -name '*.cc' | sort)
}
all_edges=$(edges)

# One cycle, if any, found by a depth-first walk; each of its steps is
# printed with the includes that make it.
cycle=$(echo "$all_edges" | awk 'NF { if (!seen[$1 " " $2]++) next_of[$1] = next_of[$1] " " $2 }
  function walk(n,   i, k, list) {
    state[n] = 1; path[++depth] = n
    k = split(next_of[n], list, " ")
    for (i = 1; i <= k; i++) {
      if (state[list[i]] == 1) { found = list[i]; return 1 }
      if (!state[list[i]] && walk(list[i])) return 1
    }
    state[n] = 2; depth--; return 0
  }
  END {
    for (n in next_of) if (!state[n] && walk(n)) break
    if (found == "") exit
    for (i = 1; i <= depth; i++) if (path[i] == found) break
    for (; i <= depth; i++) printf "%s ", path[i]
    print found
  }')
if [ -n "$cycle" ]; then
  echo "check-tree: the include graph between engine/ folders has a cycle: ${cycle// / -> }" >&2
  read -ra steps <<<"$cycle"
  for ((i = 0; i + 1 < ${#steps[@]}; i++)); do
    echo "$all_edges" | awk -v f="${steps[i]}" -v t="${steps[i + 1]}" \
      '$1 == f && $2 == t { print "  " f " -> " t ": " $3 " includes " $4 }' >&2
  done
  failed=1
fi

# The README's layout block: from "## Layout" to the end of its code block.
layout=$(awk '/^## Layout/ { on = 1; next } on && /^```/ { n++; if (n == 2) exit; next } on && n == 1' README.md)
for header in include/luodi/*.h; do
  name=$(basename "$header")
  grep -qE "(^|[ ,])$name([ ,]|$)" <<<"$layout" ||
    { echo "check-tree: README.md's layout does not name include/luodi/$name" >&2; failed=1; }
done
for dir in engine/*/; do
  name=$(basename "$dir")
  grep -qE "(^|[ ])$name/( |$)" <<<"$layout" ||
    { echo "check-tree: README.md's layout does not name engine/$name/" >&2; failed=1; }
done
while read -r name; do
  [ -e "include/luodi/$name" ] ||
    { echo "check-tree: README.md's layout names $name, which include/luodi/ does not hold" >&2; failed=1; }
done < <(grep -oE '\b[a-z_]+\.h\b' <<<"$layout" | sort -u)
while read -r name; do
  [ -d "engine/$name" ] || [ -d "$name" ] || [ -d "tests/$name" ] || [ -d "engine/dashboard/$name" ] ||
    [ -d "scripts/$name" ] ||
    { echo "check-tree: README.md's layout names $name/, which the tree does not hold" >&2; failed=1; }
done < <(sed -n '/^engine\//,/^[a-z]/p' <<<"$layout" | grep -oE '(^| )[a-z_]+/' | tr -d ' /' | sort -u)

if [ "$check_format" = 1 ]; then
  if command -v clang-format >/dev/null; then
    if ! git ls-files -- '*.h' '*.cc' | xargs clang-format --dry-run -Werror 2>/tmp/check-tree-format.$$; then
      echo "check-tree: files differ from .clang-format (clang-format -i them):" >&2
      grep -oE '^[^:]+:[0-9]+:[0-9]+' /tmp/check-tree-format.$$ | cut -d: -f1 | sort -u | head -20 >&2
      failed=1
    fi
    rm -f /tmp/check-tree-format.$$
  else
    echo "check-tree: clang-format is not installed; the format is not checked" >&2
  fi
fi

[ "$failed" = 0 ] && echo "check-tree: no include cycle between engine/ folders; the README's layout matches the tree"
exit "$failed"
